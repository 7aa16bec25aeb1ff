import { useEffect, useRef } from 'react';
import { api, problemText, sessionHeaders } from '../../../api/client';

/** A heartbeat well inside the lease: a quarter of it, between 5 s and a minute. */
export function heartbeatMs(leaseMinutes: number | undefined): number {
  const lease = (leaseMinutes ?? 10) * 60_000;
  return Math.min(60_000, Math.max(5_000, lease / 4));
}

/**
 * Releases waiting for the next tick, by study. React (in development) unmounts and mounts a
 * page again at once, and a reader may come straight back to the same study: the mount that
 * follows cancels the release instead of losing the lease.
 */
const pendingRelease = new Map<string, ReturnType<typeof setTimeout>>();

export function releaseStudy(studyId: string, reason: string) {
  return api.POST('/api/v1/studies/{id}/release', {
    params: { path: { id: studyId } },
    body: { reason },
  });
}

/** The tab is closing or navigating away: a request that outlives the page (keepalive). */
function releaseOnUnload(studyId: string): void {
  void fetch(`/api/v1/studies/${studyId}/release`, {
    method: 'POST',
    keepalive: true,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...sessionHeaders('POST') },
    body: JSON.stringify({ reason: '阅片页面已关闭' }),
  }).catch(() => undefined);
}

/**
 * Keeps the lease on a claimed study alive while the reading page is open (a heartbeat at
 * once, then every quarter lease) and gives the study back when the reader leaves: on
 * navigating elsewhere in the console, and best-effort when the tab closes (pagehide).
 */
export function useLease(opts: {
  studyId: string;
  held: boolean;
  leaseMinutes: number | undefined;
  onBeat: (expiresAt: string | null) => void;
  onLost: (problem: string) => void;
  /** The page came back from the back/forward cache after pagehide released the study. */
  onRestored: () => void;
}): void {
  const held = useRef(opts.held);
  held.current = opts.held;
  const callbacks = useRef(opts);
  callbacks.current = opts;
  const { studyId, leaseMinutes } = opts;

  useEffect(() => {
    if (!opts.held) return;
    let stopped = false;
    const beat = async () => {
      try {
        const { data, error } = await api.POST('/api/v1/studies/{id}/heartbeat', {
          params: { path: { id: studyId } },
          body: {},
        });
        // A sign or release may have ended the lease while this beat was on its way.
        if (stopped || !held.current) return;
        if (data) callbacks.current.onBeat(data.lease?.expiresAt ?? null);
        else callbacks.current.onLost(problemText(error));
      } catch {
        // Offline for a moment: the next beat tries again, well inside the lease.
      }
    };
    void beat();
    const timer = setInterval(() => void beat(), heartbeatMs(leaseMinutes));
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [studyId, opts.held, leaseMinutes]);

  useEffect(() => {
    const pending = pendingRelease.get(studyId);
    if (pending) {
      clearTimeout(pending);
      pendingRelease.delete(studyId);
    }
    const onPageHide = () => {
      if (held.current) releaseOnUnload(studyId);
    };
    const onPageShow = (e: PageTransitionEvent) => {
      if (e.persisted) callbacks.current.onRestored();
    };
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('pageshow', onPageShow);
      if (!held.current) return;
      pendingRelease.set(
        studyId,
        setTimeout(() => {
          pendingRelease.delete(studyId);
          void releaseStudy(studyId, '阅片医生离开阅片页面').catch(() => undefined);
        }, 0),
      );
    };
  }, [studyId]);
}

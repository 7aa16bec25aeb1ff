import { problemText, sessionHeaders } from '../../../api/client';
import { isRetryable, retryAfterMs } from './backoff';
import type { SendOutcome } from './queue-types';

/** A file that makes no progress for this long is given up and tried again (a dead link). */
const STALL_MS = 60_000;

/**
 * One instance as application/dicom to POST /api/v1/studies/instances: 201 stored, 200 the server
 * already had it (idempotent by SOP Instance UID). XMLHttpRequest rather than fetch, because only
 * it reports upload progress.
 */
export function sendInstance(
  blob: Blob,
  onProgress: (loaded: number) => void,
): Promise<SendOutcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    let lastProgress = Date.now();
    let stalled = false;
    const watchdog = setInterval(() => {
      if (Date.now() - lastProgress < STALL_MS) return;
      stalled = true;
      xhr.abort();
    }, 5_000);
    const settle = (outcome: SendOutcome) => {
      clearInterval(watchdog);
      resolve(outcome);
    };
    xhr.open('POST', '/api/v1/studies/instances');
    xhr.setRequestHeader('Content-Type', 'application/dicom');
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    for (const [name, value] of Object.entries(sessionHeaders('POST')))
      xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      lastProgress = Date.now();
      onProgress(e.loaded);
    };
    xhr.onload = () =>
      settle(classify(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After')));
    xhr.onerror = () => settle({ kind: 'retry', status: 0, reason: '网络中断' });
    xhr.onabort = () =>
      settle({ kind: 'retry', status: 0, reason: stalled ? '上传停滞超过 60 秒' : '上传被中断' });
    xhr.send(blob);
  });
}

function classify(status: number, text: string, retryAfter: string | null): SendOutcome {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (status === 200 || status === 201) {
    const answer = body as { studyId?: string; created?: boolean } | undefined;
    if (answer?.studyId)
      return { kind: 'stored', created: status === 201, studyId: answer.studyId };
    return { kind: 'retry', status, reason: '服务器的回答无法识别' };
  }
  const reason = `${problemText(body, `服务器返回 ${status}`)}（HTTP ${status}）`;
  if (isRetryable(status))
    return { kind: 'retry', status, reason, afterMs: retryAfterMs(retryAfter, Date.now()) };
  return { kind: 'refused', status, reason };
}

const PAGE = 1000;

/**
 * QIDO-RS with the session cookie (same origin): the SOP Instance UIDs of a study the server
 * holds for the caller's institution. 204 means none; pages of 1,000 (the server's largest).
 */
export async function storedSops(studyUid: string): Promise<Set<string>> {
  const sops = new Set<string>();
  for (let offset = 0; ; offset += PAGE) {
    const res = await fetch(
      `/dicomweb/studies/${encodeURIComponent(studyUid)}/instances?limit=${PAGE}&offset=${offset}`,
      { headers: { Accept: 'application/dicom+json' } },
    );
    if (res.status === 204) return sops;
    if (!res.ok) throw new Error(`QIDO-RS ${res.status}`);
    const page = (await res.json()) as Record<string, { Value?: string[] }>[];
    for (const instance of page) {
      const sop = instance['00080018']?.Value?.[0];
      if (sop) sops.add(sop);
    }
    if (page.length < PAGE) return sops;
  }
}

import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { Spin } from 'antd';
import { type Answer, api, setCsrfToken, whenSessionLost } from '../api/client';
import { SignInForm } from './SignInForm';

export type ConsoleSession = Answer<'/api/v1/auth/session', 'get'>;
export type Actor = ConsoleSession['actor'];

interface SessionState {
  actor: Actor;
  institutionName: string;
  signOut: () => Promise<void>;
  hasRole: (...roles: string[]) => boolean;
  /** Counts sign-ins in this tab: what a lost session broke (the live stream) restarts on it. */
  generation: number;
  /** The OHIF viewer's port on this host, when the gateway runs it. */
  viewerPort: number | null;
}

const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/**
 * Who is signed in. When a call answers 401 the sign-in appears *over* the page rather than
 * replacing it, so a half-written report or referral is still there after signing in again.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [actor, setActor] = useState<Actor | null | undefined>(undefined);
  const [institutionName, setInstitutionName] = useState('');
  const [expired, setExpired] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [viewerPort, setViewerPort] = useState<number | null>(null);

  const adopt = useCallback(async (session: ConsoleSession) => {
    const next = session.actor;
    setCsrfToken(session.csrfToken);
    setViewerPort(session.viewerPort);
    setActor(next);
    setExpired(false);
    setGeneration((g) => g + 1);
    const { data } = await api.GET('/api/v1/institutions/{id}', {
      params: { path: { id: next.institutionId } },
    });
    setInstitutionName(data?.name ?? '');
  }, []);

  useEffect(() => {
    whenSessionLost(() => setExpired(true));
    // No session was started in this browser (or it was ended): straight to the sign-in.
    if (!document.cookie.split('; ').includes('cmc_signed_in=1')) return setActor(null);
    void api.GET('/api/v1/auth/session').then(({ data }) => {
      if (data) void adopt(data);
      else setActor(null);
    });
  }, [adopt]);

  const signOut = useCallback(async () => {
    await api.DELETE('/api/v1/auth/session');
    setCsrfToken(null);
    setActor(null);
  }, []);

  if (actor === undefined) return <Spin size="large" fullscreen tip="正在加载 / Loading" />;
  if (actor === null) return <SignInForm onSignedIn={adopt} />;
  const hasRole = (...roles: string[]) => roles.some((r) => actor.roles.includes(r as never));
  return (
    <SessionContext.Provider
      value={{ actor, institutionName, signOut, hasRole, generation, viewerPort }}
    >
      {children}
      {expired && (
        <SignInForm
          overlay
          username={actor.name}
          onSignedIn={(session) => {
            // Another user signing in over the page must not inherit what it shows.
            if (session.actor.id !== actor.id) window.location.reload();
            return adopt(session);
          }}
        />
      )}
    </SessionContext.Provider>
  );
}

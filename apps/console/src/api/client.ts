import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/**
 * The typed client, generated from the gateway's own OpenAPI document (apps/console/openapi.json,
 * checked against the live one in test/e2e/console-session.e2e.spec.ts). The session is the
 * HttpOnly cookie; writes carry the CSRF token the session answered with.
 */
type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;
/** The JSON an operation answers on success (200 or 201), named by its path and method. */
export type Answer<P extends keyof paths, M extends Method> = paths[P][M] extends {
  responses: infer Rs;
}
  ? Rs extends { 200: infer R }
    ? JsonOf<R>
    : Rs extends { 201: infer R }
      ? JsonOf<R>
      : never
  : never;
/** The JSON body an operation takes. */
export type BodyOf<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
export type { paths };

let csrfToken: string | null = null;
let onSessionLost: () => void = () => undefined;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on a 401 from any call but signing in: the shell shows the sign-in over the page. */
export function whenSessionLost(handler: () => void): void {
  onSessionLost = handler;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const session: Middleware = {
  onRequest({ request }) {
    if (!SAFE.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !request.url.endsWith('/api/v1/auth/session')) onSessionLost();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(session);

/** Raw fetch with the same session rules, for what the typed client does not carry (uploads). */
export function sessionHeaders(method: string): Record<string, string> {
  return !SAFE.has(method) && csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

/** The sentence to show for an error answer: the problem's detail, naming the field if any. */
export function problemText(error: unknown, fallback = '请求失败'): string {
  if (!error || typeof error !== 'object') return fallback;
  const p = error as {
    detail?: string;
    title?: string;
    errors?: { path?: string; message?: string }[];
  };
  const fields = (p.errors ?? [])
    .filter((e) => e.path)
    .map((e) => `${e.path}: ${e.message ?? ''}`)
    .join('; ');
  return [p.detail ?? p.title ?? fallback, fields && !p.detail?.includes(fields) ? fields : '']
    .filter(Boolean)
    .join(' — ');
}

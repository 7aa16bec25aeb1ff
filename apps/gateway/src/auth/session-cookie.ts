import { createHmac } from 'node:crypto';
import type { CookieOptions, Request } from 'express';

/**
 * The console's session: the gateway's own access token in an HttpOnly, SameSite=Strict cookie,
 * so page script never holds it. Writes made with the cookie also need X-CSRF-Token, a value
 * derived from the token that only a page of this origin can read (GET /api/v1/auth/session):
 * SameSite stops other sites in current browsers, the header stops them everywhere else.
 */
export const SESSION_COOKIE = 'cmc_session';
export const CSRF_HEADER = 'x-csrf-token';
/**
 * Readable by page script and holding nothing secret: it only tells the console that a session
 * was started, so a first visit shows the sign-in without a probe that would answer 401.
 */
export const SIGNED_IN_HINT_COOKIE = 'cmc_signed_in';

export function sessionToken(req: Request): string | null {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) {
      const value = rest.join('=');
      return /^[A-Za-z0-9._-]{1,4096}$/.test(value) ? value : null;
    }
  }
  return null;
}

export function sessionCookieOptions(req: Request, maxAgeSeconds: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/',
    maxAge: maxAgeSeconds * 1000,
  };
}

/** Bound to the token: a new sign-in gets a new value, and it proves nothing without the cookie. */
export function csrfTokenFor(sessionTokenValue: string, secret: string): string {
  return createHmac('sha256', `csrf:${secret}`).update(sessionTokenValue).digest('base64url');
}

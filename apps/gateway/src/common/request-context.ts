import type { Request } from 'express';
import type { Actor } from '@app/shared';

/** What the edge attaches to each request once it is authenticated. */
export interface EdgeRequest extends Request {
  correlationId: string;
  actor?: Actor;
  /** An API client's own per-minute limit, where its admin set one (else the global one). */
  rateLimitPerMinute?: number;
  /** The console's session token, when the cookie (not a header) authenticated the request. */
  sessionToken?: string;
}

export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Where a request came from, as the audit trail records it. */
export function requestOrigin(req: Request): { ip: string; userAgent?: string } {
  return { ip: clientIp(req), userAgent: req.header('user-agent') };
}

/**
 * An absolute URL of this gateway as the client reached it (RetrieveURL, BulkDataURI, FHIR
 * links): the Host it sent and, behind a trusted proxy only, the scheme the proxy saw.
 */
export function publicBase(req: Request, path: string): string {
  const host = req.get('host') ?? 'localhost';
  return `${req.protocol}://${/^[\w.:[\]-]{1,255}$/.test(host) ? host : 'localhost'}${path}`;
}

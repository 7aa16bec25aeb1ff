import type { Request } from 'express';
import type { Actor } from '@app/shared';

/** What the edge attaches to each request once it is authenticated. */
export interface EdgeRequest extends Request {
  correlationId: string;
  actor?: Actor;
}

export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Where a request came from, as the audit trail records it. */
export function requestOrigin(req: Request): { ip: string; userAgent?: string } {
  return { ip: clientIp(req), userAgent: req.header('user-agent') };
}

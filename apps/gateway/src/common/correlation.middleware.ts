import { randomUUID } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import { requestContext } from '@app/shared';
import { EdgeRequest } from './request-context';

const VALID_ID = /^[A-Za-z0-9._:-]{8,100}$/;

/** Adopts the caller's X-Correlation-Id (if sane) or makes one; every log line carries it. */
export function correlationMiddleware(req: EdgeRequest, res: Response, next: NextFunction): void {
  // It runs before body parsing (so a malformed body's problem carries the id) and again in
  // Nest's chain; the second run keeps the first id.
  if (req.correlationId) return requestContext.run({ correlationId: req.correlationId }, next);
  const offered = req.header('x-correlation-id');
  const correlationId = offered && VALID_ID.test(offered) ? offered : randomUUID();
  req.correlationId = correlationId;
  res.setHeader('X-Correlation-Id', correlationId);
  requestContext.run({ correlationId }, next);
}

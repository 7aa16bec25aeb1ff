import type { NextFunction, Request, Response } from 'express';
import { AppError, ErrorCode } from '@app/shared';

/** The REST routes that take something else than JSON: DICOM uploads. */
const NON_JSON_ROUTES = [/^\/studies\/instances\/?$/];

/**
 * A request body under /api/v1 is JSON: one sent as text/plain, form data or without any
 * Content-Type is refused with 415 saying so, rather than reaching validation as "no body"
 * (issue 13 item 6). Requests without a body (many steps take none) pass.
 */
export function refuseNonJsonBodies(req: Request, _res: Response, next: NextFunction): void {
  const hasBody =
    Number(req.header('content-length') ?? 0) > 0 || req.header('transfer-encoding') !== undefined;
  if (!hasBody || req.body !== undefined || NON_JSON_ROUTES.some((r) => r.test(req.path)))
    return next();
  const sent = req.header('content-type');
  next(
    new AppError(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      sent
        ? `This route takes JSON: send Content-Type: application/json (not ${sent.slice(0, 80)})`
        : 'This route takes JSON: send Content-Type: application/json',
    ),
  );
}

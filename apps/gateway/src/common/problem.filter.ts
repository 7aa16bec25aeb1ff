import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { AppError, ErrorCode, PROBLEM_CONTENT_TYPE, toAppError, toProblem } from '@app/shared';
import { FHIR_CONTENT_TYPE, toOperationOutcome } from '../fhir/operation-outcome';
import { LOGGER } from '../infra/tokens';
import { EdgeRequest } from './request-context';

/** Maps framework errors (routing, body parsing) onto our codes. */
function fromFramework(error: unknown): AppError | undefined {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const byStatus: Record<number, ErrorCode> = {
      400: ErrorCode.VALIDATION_FAILED,
      401: ErrorCode.UNAUTHENTICATED,
      403: ErrorCode.FORBIDDEN,
      404: ErrorCode.NOT_FOUND,
      409: ErrorCode.CONFLICT,
      413: ErrorCode.PAYLOAD_TOO_LARGE,
      415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      429: ErrorCode.RATE_LIMITED,
      503: ErrorCode.SERVICE_UNAVAILABLE,
    };
    const code =
      byStatus[status] ?? (status < 500 ? ErrorCode.VALIDATION_FAILED : ErrorCode.INTERNAL);
    return new AppError(code, error.message);
  }
  const type = (error as { type?: string } | undefined)?.type;
  if (type === 'entity.parse.failed') return AppError.validation('Request body is not valid JSON');
  if (type === 'entity.too.deep') return AppError.validation((error as Error).message);
  if (type === 'entity.too.large')
    return new AppError(ErrorCode.PAYLOAD_TOO_LARGE, 'Request body is too large');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Unsupported request encoding');
  }
  return undefined;
}

/**
 * The single place errors leave the gateway: problem+json with the correlation id, no internals
 * (OperationOutcome under /fhir).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<EdgeRequest>();
    const res = ctx.getResponse<Response>();
    const error = fromFramework(exception) ?? toAppError(exception);
    if (error.code === ErrorCode.INTERNAL) {
      this.log.error({ err: exception, path: req.path }, 'unhandled error');
    }
    const problem = toProblem(error, req.correlationId, req.originalUrl?.split('?')[0]);
    if (res.headersSent) return;
    const retryAfter =
      exception instanceof AppError
        ? (exception as AppError & { retryAfterSeconds?: number }).retryAfterSeconds
        : undefined;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    if (error.code === ErrorCode.UNAUTHENTICATED)
      res.setHeader(
        'WWW-Authenticate',
        (exception as { wwwAuthenticate?: string }).wwwAuthenticate ?? 'Bearer realm="cmc"',
      );
    let sent = false;
    const send = () => {
      if (sent || res.headersSent) return;
      sent = true;
      // FHIR clients read OperationOutcome, not problem+json (G2a).
      if (req.path.startsWith('/fhir')) {
        const { status, outcome } = toOperationOutcome(error, req.correlationId);
        res.status(status).type(FHIR_CONTENT_TYPE).send(JSON.stringify(outcome));
        return;
      }
      res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
    };
    // A refused upload (403, 415…) still has its body on the wire: read and drop it before
    // answering, or the client meets a reset connection instead of the problem document.
    if (!req.complete && req.readable) {
      req.once('end', send).once('error', send).resume();
      setTimeout(send, 10_000).unref();
      return;
    }
    send();
  }
}

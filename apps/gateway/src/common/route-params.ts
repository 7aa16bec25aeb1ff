import { createParamDecorator, ExecutionContext, Param, ParseUUIDPipe } from '@nestjs/common';
import type { Request } from 'express';
import { requestOrigin } from './request-context';

/** A route parameter that must be a UUID: a 400 otherwise, before anything is looked up. */
export const uuidPipe = new ParseUUIDPipe();

/** The route's `:id`, refused with a 400 unless it is a UUID (so never looked up, nor audited). */
export const IdParam = () => Param('id', uuidPipe);

/**
 * Where the request came from, as the audit trail records it: for the many routes that take
 * the request only to pass this on. Invisible to OpenAPI, like `@Req()`.
 */
export const Origin = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  requestOrigin(ctx.switchToHttp().getRequest<Request>()),
);

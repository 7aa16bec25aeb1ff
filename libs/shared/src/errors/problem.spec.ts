import { z } from 'zod';
import { AppError } from './app-error';
import { ErrorCode, httpStatusFor, titleFor } from './error-code';
import { toAppError, toProblem, zodToAppError } from './problem';

describe('error codes and problem+json', () => {
  it('maps every code to a 4xx/5xx status and a title', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(httpStatusFor(code)).toBeGreaterThanOrEqual(400);
      expect(titleFor(code)).toBeTruthy();
    }
    expect(httpStatusFor(ErrorCode.SERVICE_UNAVAILABLE)).toBe(503);
    expect(httpStatusFor(ErrorCode.CAPACITY_EXHAUSTED)).toBe(409);
  });

  it('builds RFC 9457 problem details with the correlation id', () => {
    const problem = toProblem(AppError.notFound('Institution'), 'corr-1', '/api/v1/institutions/x');
    expect(problem).toEqual({
      type: 'https://errors.cmc.example/not-found',
      title: 'Not found',
      status: 404,
      detail: 'Institution not found',
      code: ErrorCode.NOT_FOUND,
      correlationId: 'corr-1',
      instance: '/api/v1/institutions/x',
    });
  });

  it('turns zod issues into field problems', () => {
    const parsed = z
      .object({ a: z.number(), b: z.object({ c: z.string() }) })
      .safeParse({ a: 'x', b: { c: 1 } });
    if (parsed.success) throw new Error('expected failure');
    const error = zodToAppError(parsed.error);
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(error.errors.map((e) => e.path)).toEqual(['a', 'b.c']);
  });

  it('hides the message of an unexpected error', () => {
    const error = toAppError(new Error('connection string postgres://secret@db'));
    expect(error.code).toBe(ErrorCode.INTERNAL);
    expect(error.message).not.toContain('secret');
  });

  it('keeps a domain code across the wire and degrades an unknown one to INTERNAL', () => {
    expect(AppError.fromWire(AppError.conflict('taken').toWire()).code).toBe(ErrorCode.CONFLICT);
    expect(AppError.fromWire({ code: 'NOPE' as ErrorCode, message: 'x' }).code).toBe(
      ErrorCode.INTERNAL,
    );
  });
});

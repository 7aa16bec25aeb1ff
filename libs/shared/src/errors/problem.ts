import { ZodError } from 'zod';
import { AppError } from './app-error';
import { ErrorCode, httpStatusFor, titleFor } from './error-code';

/** RFC 9457 problem details, with our code and the correlation id for support calls. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  correlationId?: string;
  instance?: string;
  errors?: { path: string; message: string }[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return zodToAppError(error);
  return new AppError(ErrorCode.INTERNAL, 'An unexpected error occurred');
}

export function zodToAppError(error: ZodError, what = 'request'): AppError {
  const errors = error.issues.map((issue) => ({
    path: issue.path.join('.') || '(root)',
    message: issue.message,
  }));
  const summary = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  return AppError.validation(`Invalid ${what}: ${summary}`.slice(0, 1000), errors);
}

export function toProblem(
  error: AppError,
  correlationId?: string,
  instance?: string,
): ProblemDetails {
  const problem: ProblemDetails = {
    type: `https://errors.cmc.example/${error.code.toLowerCase().replace(/_/g, '-')}`,
    title: titleFor(error.code),
    status: httpStatusFor(error.code),
    detail: error.message,
    code: error.code,
    correlationId,
    instance,
  };
  if (error.errors.length > 0) problem.errors = error.errors;
  return problem;
}

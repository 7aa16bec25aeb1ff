import { AppError, assertUnreachable, ErrorCode, httpStatusFor } from '@app/shared';

export const FHIR_CONTENT_TYPE = 'application/fhir+json; charset=utf-8';

/** FHIR R4 IssueType for each of our error codes (exhaustive, like the HTTP mapping). */
export function issueCodeFor(code: ErrorCode): fhir4.OperationOutcomeIssue['code'] {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
      return 'invalid';
    case ErrorCode.UNAUTHENTICATED:
      return 'login';
    case ErrorCode.FORBIDDEN:
      return 'forbidden';
    case ErrorCode.NOT_FOUND:
      return 'not-found';
    case ErrorCode.CONFLICT:
    case ErrorCode.PRECONDITION_FAILED:
      return 'conflict';
    case ErrorCode.INVALID_TRANSITION:
    case ErrorCode.QUOTA_VIOLATION:
      return 'business-rule';
    case ErrorCode.CAPACITY_EXHAUSTED:
    case ErrorCode.INSUFFICIENT_STORAGE:
      return 'too-costly';
    case ErrorCode.IDEMPOTENCY_MISMATCH:
      return 'duplicate';
    case ErrorCode.PAYLOAD_TOO_LARGE:
    case ErrorCode.HEADERS_TOO_LARGE:
      return 'too-long';
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
    case ErrorCode.NOT_ACCEPTABLE:
      return 'not-supported';
    case ErrorCode.RATE_LIMITED:
      return 'throttled';
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 'transient';
    case ErrorCode.INTERNAL:
      return 'exception';
    default:
      return assertUnreachable(code);
  }
}

/** An error as FHIR reports it: OperationOutcome, one issue per field problem (G2a). */
export function toOperationOutcome(
  error: AppError,
  correlationId?: string,
): { status: number; outcome: fhir4.OperationOutcome } {
  const code = issueCodeFor(error.code);
  const issues: fhir4.OperationOutcomeIssue[] = error.errors.length
    ? error.errors.map((e) => ({
        severity: 'error',
        code,
        diagnostics: `${error.message}: ${e.message}`,
        expression: [e.path],
      }))
    : [{ severity: 'error', code, diagnostics: error.message }];
  return {
    status: httpStatusFor(error.code),
    outcome: {
      resourceType: 'OperationOutcome',
      ...(correlationId ? { id: correlationId } : {}),
      issue: issues,
    },
  };
}

/** A warning in a searchset (lenient handling of what the server ignored). */
export function warningOutcome(messages: string[]): fhir4.OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: messages.map((m) => ({ severity: 'warning', code: 'not-supported', diagnostics: m })),
  };
}

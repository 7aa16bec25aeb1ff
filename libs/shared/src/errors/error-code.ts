/** Every error the platform reports; the HTTP mapping below is exhaustive on purpose. */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  CAPACITY_EXHAUSTED = 'CAPACITY_EXHAUSTED',
  QUOTA_VIOLATION = 'QUOTA_VIOLATION',
  IDEMPOTENCY_MISMATCH = 'IDEMPOTENCY_MISMATCH',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  HEADERS_TOO_LARGE = 'HEADERS_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  /** Nothing the client's Accept header allows can be produced (DICOMweb retrieval). */
  NOT_ACCEPTABLE = 'NOT_ACCEPTABLE',
  /** If-Match named a version that is no longer current (FHIR updates). */
  PRECONDITION_FAILED = 'PRECONDITION_FAILED',
  RATE_LIMITED = 'RATE_LIMITED',
  INSUFFICIENT_STORAGE = 'INSUFFICIENT_STORAGE',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled value: ${String(value)}`);
}

export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.CONFLICT:
    case ErrorCode.INVALID_TRANSITION:
    case ErrorCode.CAPACITY_EXHAUSTED:
      return 409;
    case ErrorCode.QUOTA_VIOLATION:
    case ErrorCode.IDEMPOTENCY_MISMATCH:
      return 422;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorCode.HEADERS_TOO_LARGE:
      return 431;
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return 415;
    case ErrorCode.NOT_ACCEPTABLE:
      return 406;
    case ErrorCode.PRECONDITION_FAILED:
      return 412;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.INSUFFICIENT_STORAGE:
      return 507;
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 503;
    case ErrorCode.INTERNAL:
      return 500;
    default:
      return assertUnreachable(code);
  }
}

export function titleFor(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
      return 'Request validation failed';
    case ErrorCode.UNAUTHENTICATED:
      return 'Authentication required';
    case ErrorCode.FORBIDDEN:
      return 'Not allowed';
    case ErrorCode.NOT_FOUND:
      return 'Not found';
    case ErrorCode.CONFLICT:
      return 'Conflict with the current state';
    case ErrorCode.INVALID_TRANSITION:
      return 'Transition not allowed from the current status';
    case ErrorCode.CAPACITY_EXHAUSTED:
      return 'No capacity left';
    case ErrorCode.QUOTA_VIOLATION:
      return 'Below the community quota';
    case ErrorCode.IDEMPOTENCY_MISMATCH:
      return 'Idempotency key reused with a different request';
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 'Payload too large';
    case ErrorCode.HEADERS_TOO_LARGE:
      return 'Request headers or URL too large';
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return 'Unsupported media type';
    case ErrorCode.NOT_ACCEPTABLE:
      return 'No acceptable representation';
    case ErrorCode.PRECONDITION_FAILED:
      return 'The resource changed since the version named in If-Match';
    case ErrorCode.RATE_LIMITED:
      return 'Too many requests';
    case ErrorCode.INSUFFICIENT_STORAGE:
      return 'Not enough storage';
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 'Service unavailable';
    case ErrorCode.INTERNAL:
      return 'Internal error';
    default:
      return assertUnreachable(code);
  }
}

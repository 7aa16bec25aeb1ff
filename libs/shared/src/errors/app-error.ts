import { ErrorCode } from './error-code';

export interface FieldProblem {
  path: string;
  message: string;
}

/** A domain error that crosses process boundaries as `{ code, message, errors }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }

  static validation(message: string, errors: FieldProblem[] = []): AppError {
    return new AppError(ErrorCode.VALIDATION_FAILED, message, errors);
  }
  static notFound(what: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
  }
  static forbidden(message: string): AppError {
    return new AppError(ErrorCode.FORBIDDEN, message);
  }
  static conflict(message: string): AppError {
    return new AppError(ErrorCode.CONFLICT, message);
  }
  static unauthenticated(message = 'Missing or invalid credentials'): AppError {
    return new AppError(ErrorCode.UNAUTHENTICATED, message);
  }
  static unavailable(message: string): AppError {
    return new AppError(ErrorCode.SERVICE_UNAVAILABLE, message);
  }

  toWire(): WireError {
    return { code: this.code, message: this.message, errors: this.errors };
  }

  static fromWire(wire: WireError): AppError {
    const code = Object.values(ErrorCode).includes(wire.code) ? wire.code : ErrorCode.INTERNAL;
    return new AppError(code, wire.message, wire.errors ?? []);
  }
}

export interface WireError {
  code: ErrorCode;
  message: string;
  errors?: FieldProblem[];
}

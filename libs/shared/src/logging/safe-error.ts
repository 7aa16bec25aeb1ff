/**
 * What of an error may reach a log. A database error carries the statement's parameters (a
 * patient's name, phone, resident-ID hash…) and a `detail` such as `Key (x)=(value)`; its message
 * may quote the offending value. None of that is logged: the SQLSTATE, the constraint, the table
 * and column and the statement text (which holds placeholders, never values) are enough to find
 * the fault, and the correlation id finds the request.
 */
export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  sqlState?: string;
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
  query?: string;
  cause?: SafeError;
}

interface DriverFields {
  code?: unknown;
  severity?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  routine?: unknown;
  query?: unknown;
  driverError?: unknown;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** PostgreSQL quotes the offending input after a colon or in `Key (…)=(…)`: hide both. */
export function redactQuoted(message: string): string {
  return message
    .replace(/: "(?:[^"\\]|\\.)*"/g, ': "[redacted]"')
    .replace(/=\((?:[^()]|\([^()]*\))*\)/g, '=([redacted])')
    .replace(/: '(?:[^'\\]|\\.)*'/g, ": '[redacted]'");
}

function isDatabaseError(error: Error & DriverFields): boolean {
  return (
    error.name === 'QueryFailedError' ||
    (typeof error.code === 'string' && SQLSTATE.test(error.code) && 'severity' in error)
  );
}

function text(value: unknown, max: number): string | undefined {
  return typeof value === 'string' ? value.slice(0, max) : undefined;
}

export function safeError(error: unknown, depth = 0): SafeError {
  if (!(error instanceof Error)) {
    return { type: typeof error, message: redactQuoted(String(error).slice(0, 300)) };
  }
  const e = error as Error & DriverFields;
  const database = isDatabaseError(e);
  const driver = (database && (e.driverError as DriverFields | undefined)) || e;
  const message = database ? redactQuoted(e.message) : e.message.slice(0, 2000);
  const out: SafeError = {
    type: e.name,
    message,
    // The first line of a stack repeats the message: keep the frames, not the raw message.
    stack: e.stack
      ? [`${e.name}: ${message}`, ...e.stack.split('\n').slice(1)].join('\n')
      : undefined,
  };
  if (database) {
    out.sqlState = text(driver.code, 5);
    out.constraint = text(driver.constraint, 200);
    out.table = text(driver.table, 200);
    out.column = text(driver.column, 200);
    out.routine = text(driver.routine, 200);
    out.query = text(e.query, 2000);
  }
  if (e.cause !== undefined && depth < 3) out.cause = safeError(e.cause, depth + 1);
  return out;
}

/** For messages built from an error (a dead-letter reason, say): the same rules, as one line. */
export function describeError(error: unknown): string {
  const safe = safeError(error);
  return `${safe.type}: ${safe.message}${safe.sqlState ? ` (SQLSTATE ${safe.sqlState})` : ''}`;
}

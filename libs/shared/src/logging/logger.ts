import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { safeError } from './safe-error';

/** Carries the correlation id through async work so every log line names its request. */
export const requestContext = new AsyncLocalStorage<{ correlationId: string }>();

/**
 * Fields that may hold a patient identifier, a credential or a token. Pino replaces them
 * before the line is written, so even a careless `log.info(body)` never leaks them.
 */
const REDACT = [
  'residentId',
  'idNumber',
  'password',
  'apiKey',
  'token',
  'accessToken',
  'authorization',
  '*.residentId',
  '*.idNumber',
  '*.password',
  '*.apiKey',
  '*.token',
  '*.accessToken',
  '*.authorization',
  '*.*.residentId',
  '*.*.authorization',
  'headers["x-api-key"]',
  '*.headers["x-api-key"]',
];

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
    // Errors are logged through safeError: never a driver's parameters or a quoted value.
    serializers: { err: safeError, error: safeError },
    mixin() {
      const ctx = requestContext.getStore();
      return ctx ? { correlationId: ctx.correlationId } : {};
    },
  });
}

/** Lets Nest's own messages go through the same JSON logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}

/**
 * Last-resort handlers: an unhandled rejection is logged and the process keeps serving (the
 * request that caused it has already been answered or timed out); an uncaught exception leaves
 * state unknown, so it is logged and the process stops cleanly, for its supervisor to restart.
 */
export function installProcessGuards(log: Logger, shutdown: () => Promise<void>): void {
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled promise rejection; still serving');
  });
  process.once('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception; stopping');
    const deadline = setTimeout(() => process.exit(1), 5_000);
    deadline.unref();
    void shutdown()
      .catch(() => undefined)
      .finally(() => process.exit(1));
  });
}

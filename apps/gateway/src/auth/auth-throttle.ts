import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppConfig, AppError, ErrorCode } from '@app/shared';
import { CONFIG, LOGGER, REDIS } from '../infra/tokens';

/** A 429 that tells the client when to come back (the problem filter sets Retry-After). */
export class TooManyAttempts extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(ErrorCode.RATE_LIMITED, message);
  }
}

type Subject = { kind: 'ip'; ip: string } | { kind: 'account'; username: string };

/**
 * Counts failed authentication (wrong password, bad token, unknown API key) per client address
 * and failed sign-ins per account, in Redis windows that start at the first failure. Past the
 * limit the next attempt is refused with 429 before any password is hashed or key looked up.
 * Unknown usernames are counted like real ones, so the throttle reveals nothing either.
 * Redis only counts: if it is down, attempts are let through (and logged), as for rate limits.
 */
@Injectable()
export class AuthThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  private key(s: Subject): string {
    const id =
      s.kind === 'ip'
        ? `ip:${s.ip}`
        : `account:${createHash('sha256').update(s.username.toLowerCase()).digest('hex')}`;
    return `${this.config.REDIS_PREFIX}:authfail:${id}`;
  }

  private limitOf(s: Subject): number {
    return s.kind === 'ip'
      ? this.config.AUTH_FAILURES_PER_IP
      : this.config.LOGIN_FAILURES_PER_ACCOUNT;
  }

  /** Throws 429 when any subject is past its limit; the longest wait wins. */
  async assertAllowed(...subjects: Subject[]): Promise<void> {
    let results: [Error | null, unknown][] | null;
    try {
      const pipe = this.redis.pipeline();
      for (const s of subjects) pipe.get(this.key(s)).pttl(this.key(s));
      results = await pipe.exec();
    } catch (error) {
      this.log.warn({ err: error }, 'authentication throttle unavailable; allowing attempt');
      return;
    }
    let wait = 0;
    subjects.forEach((s, i) => {
      const count = Number(results?.[i * 2]?.[1] ?? 0);
      const ttl = Number(results?.[i * 2 + 1]?.[1] ?? -1);
      if (count >= this.limitOf(s)) wait = Math.max(wait, Math.ceil(Math.max(ttl, 1000) / 1000));
    });
    if (wait > 0)
      throw new TooManyAttempts(`Too many failed sign-in attempts; try again in ${wait} s`, wait);
  }

  async recordFailure(...subjects: Subject[]): Promise<void> {
    const windowSeconds = this.config.AUTH_FAILURE_WINDOW_SECONDS;
    try {
      const pipe = this.redis.pipeline();
      for (const s of subjects) pipe.incr(this.key(s)).expire(this.key(s), windowSeconds, 'NX');
      await pipe.exec();
    } catch (error) {
      this.log.warn({ err: error }, 'could not count a failed authentication');
    }
  }

  /** A successful sign-in forgets that account's failures (not the address's). */
  async clearAccount(username: string): Promise<void> {
    await this.redis
      .del(this.key({ kind: 'account', username }))
      .catch((error) => this.log.warn({ err: error }, 'could not reset sign-in failures'));
  }
}

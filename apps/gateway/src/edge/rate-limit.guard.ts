import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppConfig, AppError, ErrorCode } from '@app/shared';
import { clientIp, EdgeRequest } from '../common/request-context';
import { PUBLIC_ROUTE } from '../auth/access.decorator';
import { CONFIG, LOGGER, REDIS } from '../infra/tokens';

/**
 * Fixed one-minute windows in Redis, per actor (or per IP before login); an API client's own
 * limit (set by its community admin) replaces the global one. Redis only counts;
 * if it is down we let traffic through rather than turn a cache outage into an API outage.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<EdgeRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (isPublic && req.path.startsWith('/health')) return true;
    const who = req.actor ? `a:${req.actor.id}` : `ip:${clientIp(req)}`;
    const windowStart = Math.floor(Date.now() / 60_000);
    const key = `${this.config.REDIS_PREFIX}:rl:${who}:${windowStart}`;
    let count: number;
    try {
      const result = await this.redis.multi().incr(key).expire(key, 61).exec();
      count = Number(result?.[0]?.[1] ?? 0);
    } catch (error) {
      this.log.warn({ err: error }, 'rate limiter unavailable; allowing request');
      return true;
    }
    const limit = req.rateLimitPerMinute ?? this.config.RATE_LIMIT_PER_MINUTE;
    const res = ctx.switchToHttp().getResponse<Response>();
    res.setHeader('RateLimit-Limit', String(limit));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, limit - count)));
    if (count > limit) {
      res.setHeader('Retry-After', String(60 - (Math.floor(Date.now() / 1000) % 60)));
      throw new AppError(
        ErrorCode.RATE_LIMITED,
        `More than ${limit} requests in a minute; slow down`,
      );
    }
    return true;
  }
}

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { BoundedCache } from '../cache/bounded-cache';

/**
 * Remembers the ids of signed actors while they are fresh, so a message captured and sent again
 * is refused. Shared through Redis, so a replay landing on another replica is caught too; if
 * Redis is away each replica still remembers what it saw (and says so in the log).
 */
export class ReplayGuard {
  private readonly local: BoundedCache<true>;

  constructor(
    private readonly redis: Redis | undefined,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
    private readonly log: Logger,
  ) {
    this.local = new BoundedCache(200_000, ttlSeconds * 1000);
  }

  /** True the first time a token id is seen, false for a replay. */
  async firstUse(tokenId: string): Promise<boolean> {
    if (this.local.get(tokenId)) return false;
    this.local.set(tokenId, true);
    if (!this.redis) return true;
    try {
      const set = await this.redis.set(
        `${this.prefix}:bus:jti:${tokenId}`,
        '1',
        'EX',
        this.ttlSeconds,
        'NX',
      );
      return set === 'OK';
    } catch (error) {
      this.log.warn({ err: error }, 'replay guard: Redis unavailable, this replica checks alone');
      return true;
    }
  }
}

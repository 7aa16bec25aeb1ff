import { z } from 'zod';
import { retrySchedule } from './setting-types';

/** Getting events out: webhooks, live notifications, the outbox relay and the referral sweeps. */
export const deliverySettings = {
  /** Webhooks: delays between attempts (`5s,5m,30m,2h`…); after the last the delivery is DEAD. */
  WEBHOOK_RETRY_SCHEDULE: retrySchedule('WEBHOOK_RETRY_SCHEDULE', '5s,5m,30m,2h,5h,10h,10h'),
  /** Webhooks: how long one attempt may take, connection to last byte. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Webhooks: attempts in flight per gateway process, and per endpoint within that. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Webhooks: the longest Retry-After a receiver may ask for; longer waits are cut to this. */
  WEBHOOK_RETRY_AFTER_MAX_MS: z.coerce.number().int().min(1000).max(86_400_000).default(3_600_000),
  /** Webhooks: the safety-net sweep that finds due deliveries when no job woke the dispatcher. */
  WEBHOOK_SWEEP_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /**
   * Webhooks: private, loopback or link-local destinations allowed despite the SSRF guard: host
   * names (exact), addresses or CIDRs (`his.lan,10.20.0.0/16`), comma-separated. None by default.
   */
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((p) => p.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** Notifications: live streams (SSE) one user may hold open on one gateway process. */
  NOTIFICATION_STREAMS_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
  /** Notifications: live streams one gateway process holds open in all. */
  NOTIFICATION_STREAMS_MAX: z.coerce.number().int().min(1).max(100_000).default(5000),
  /** Notifications: a comment line this often keeps proxies from closing an idle stream. */
  NOTIFICATION_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /**
   * Notifications: events older than this when first consumed make no notice (a new consumer
   * starts at the beginning of the 30-day stream; old alarms would bury the current ones).
   */
  NOTIFICATION_MAX_AGE_HOURS: z.coerce.number().min(0.001).max(720).default(72),
  /** The relay's safety-net poll; a commit in the same process wakes it at once (ADR 0016). */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60000).default(1000),
  /** Published outbox rows and handled inbox rows older than this are deleted. */
  OUTBOX_RETENTION_HOURS: z.coerce
    .number()
    .min(0.001)
    .max(24 * 365)
    .default(168),
  /** How often the referral service sweeps for expired holds, due releases and escalations. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(200).max(3_600_000).default(15000),
};

import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/shared';
import { parseSchedule } from '../common/retry-schedule';
import { drainInFlight, WakeablePump } from '../common/wakeable-pump';
import { CONFIG, LOGGER } from '../infra/tokens';
import { WebhookAttempt, WebhookAttempts } from './webhook-attempts';
import { WEBHOOK_CHANNEL } from './webhook-fanout';

const QUEUE = 'webhooks';
/** How many due heads one look at the table considers, per endpoint and in all. */
const CANDIDATES = 500;

/**
 * Sends due deliveries. The database is the truth: a delivery is due when it is the oldest
 * undelivered one of its (endpoint, ordering key) — so one referral's or study's events arrive
 * in order — and its next attempt time has come. BullMQ jobs, a commit's NOTIFY and a periodic
 * sweep only wake the pump; a Redis flush loses a wake-up at most, never a delivery.
 *
 * Attempts run concurrently (WEBHOOK_CONCURRENCY), at most WEBHOOK_ENDPOINT_CONCURRENCY per
 * endpoint, each bounded by WEBHOOK_TIMEOUT_MS: a slow, failing or resetting receiver holds at
 * most its own share and never another endpoint's. A claimed delivery is leased in the table,
 * so several gateway replicas never send the same attempt twice.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private queue?: Queue;
  private worker?: Worker;
  private readonly inflight = new Map<string, string>();
  private readonly pumper: WakeablePump;

  constructor(
    private readonly ds: DataSource,
    private readonly attempts: WebhookAttempts,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    parseSchedule(config.WEBHOOK_RETRY_SCHEDULE); // refuse to start with an unreadable schedule
    this.pumper = new WakeablePump(
      {
        databaseUrl: config.DATABASE_URL,
        channel: WEBHOOK_CHANNEL,
        sweepMs: config.WEBHOOK_SWEEP_MS,
        what: 'webhook',
        log,
      },
      () => this.fill(),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const connection = { url: this.config.REDIS_URL, maxRetriesPerRequest: null };
    const prefix = `${this.config.REDIS_PREFIX}:bull`;
    this.queue = new Queue(QUEUE, { connection, prefix });
    this.queue.on('error', (err) => this.log.warn({ err: err.message }, 'webhook queue error'));
    this.worker = new Worker(QUEUE, async () => this.pump(), {
      connection,
      prefix,
      concurrency: 1,
    });
    this.worker.on('error', (err) => this.log.warn({ err: err.message }, 'webhook worker error'));
    await this.pumper.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.pumper.stop();
    await this.worker?.close();
    await this.queue?.close();
    // In-flight attempts end within the timeout; their results are recorded before we go.
    await drainInFlight(this.inflight, this.config.WEBHOOK_TIMEOUT_MS + 1000);
  }

  /** Asks any replica's pump to look again after `delayMs` (a retry's time, a replay). */
  wake(delayMs = 0): void {
    if (!this.queue || this.pumper.stopped) {
      void this.pump();
      return;
    }
    // One job per 100 ms slot: many wake-ups for the same moment are one look at the table.
    const slot = Math.ceil((Date.now() + delayMs) / 100);
    this.queue
      .add(
        'wake',
        {},
        { delay: delayMs, jobId: `wake-${slot}`, removeOnComplete: true, removeOnFail: true },
      )
      .catch((err) => {
        this.log.warn({ err: err.message }, 'webhook wake-up not queued; the sweep will find it');
        if (delayMs === 0) void this.pump();
      });
  }

  /** Fills free attempt slots with due heads; never runs twice at once in one process. */
  pump(): Promise<void> {
    return this.pumper.pump();
  }

  private async fill(): Promise<void> {
    const free = this.config.WEBHOOK_CONCURRENCY - this.inflight.size;
    if (free <= 0) return;
    const candidates: { id: string; endpoint_id: string }[] = await this.ds.query(
      `WITH heads AS (
         SELECT DISTINCT ON (d.endpoint_id, d.ordering_key) d.id, d.endpoint_id, d.next_attempt_at, d.locked_until
           FROM gateway.webhook_deliveries d
          WHERE d.status IN ('PENDING', 'FAILED')
          ORDER BY d.endpoint_id, d.ordering_key, d.stream_seq, d.seq
       ), due AS (
         SELECT h.id, h.endpoint_id, h.next_attempt_at,
                row_number() OVER (PARTITION BY h.endpoint_id ORDER BY h.next_attempt_at) AS rn
           FROM heads h
           JOIN gateway.webhook_endpoints e ON e.id = h.endpoint_id
           JOIN gateway.api_clients c ON c.id = e.client_id
          WHERE e.active AND c.active AND h.next_attempt_at <= now()
            AND (h.locked_until IS NULL OR h.locked_until < now())
       )
       SELECT id, endpoint_id FROM due WHERE rn <= $1 ORDER BY next_attempt_at LIMIT $2`,
      [this.config.WEBHOOK_ENDPOINT_CONCURRENCY, CANDIDATES],
    );
    const perEndpoint = new Map<string, number>();
    for (const endpoint of this.inflight.values())
      perEndpoint.set(endpoint, (perEndpoint.get(endpoint) ?? 0) + 1);
    const picked: string[] = [];
    for (const c of candidates) {
      if (picked.length >= free) break;
      const busy = perEndpoint.get(c.endpoint_id) ?? 0;
      if (busy >= this.config.WEBHOOK_ENDPOINT_CONCURRENCY) continue;
      perEndpoint.set(c.endpoint_id, busy + 1);
      picked.push(c.id);
    }
    if (!picked.length) return;
    const claimed = await this.attempts.claim(picked);
    for (const attempt of claimed) this.start(attempt);
  }

  private start(attempt: WebhookAttempt): void {
    this.inflight.set(attempt.id, attempt.endpointId);
    void this.attempts
      .run(attempt)
      .then((retryInMs) => {
        if (retryInMs !== undefined) this.wake(retryInMs);
      })
      .catch((error) =>
        this.log.error({ err: error, delivery: attempt.id }, 'webhook attempt failed to record'),
      )
      .finally(() => {
        this.inflight.delete(attempt.id);
        void this.pump();
      });
  }
}

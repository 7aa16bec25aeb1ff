import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { AppConfig } from '@app/shared';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '../common/tokens';
import { SweepService } from './sweep.service';

const QUEUE = 'referral-time';
const WAKE_BUCKET_MS = 2000;

/**
 * BullMQ decides *when* the sweep runs: a repeatable job every SWEEP_INTERVAL_MS and delayed
 * wake-ups at known deadlines (a hold's expiry). Losing Redis loses only timing precision: the
 * next repeat (re-registered at start-up) finds every due item in PostgreSQL.
 */
@Injectable()
export class ReferralScheduler implements OnModuleInit, OnModuleDestroy {
  private queue?: Queue;
  private readonly wakeBuckets = new Set<number>();
  private worker?: Worker;
  private reconcile?: NodeJS.Timeout;

  constructor(
    private readonly sweep: SweepService,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @Inject(SERVICE_LOGGER) private readonly log: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const connection = { url: this.config.REDIS_URL, maxRetriesPerRequest: null };
    const prefix = `${this.config.REDIS_PREFIX}:bull`;
    this.queue = new Queue(QUEUE, { connection, prefix });
    this.queue.on('error', (err) => this.log.warn({ err: err.message }, 'referral queue error'));
    this.worker = new Worker(QUEUE, async () => this.sweep.run(), {
      connection,
      prefix,
      concurrency: 1,
    });
    this.worker.on('error', (err) => this.log.warn({ err: err.message }, 'referral worker error'));
    this.worker.on('completed', (_job, result: Record<string, number>) => {
      if (Object.values(result ?? {}).some((n) => n > 0))
        this.log.info({ result }, 'referral sweep');
    });
    await this.queue.upsertJobScheduler(
      'sweep',
      { every: this.config.SWEEP_INTERVAL_MS },
      { name: 'sweep' },
    );
    // Redis holds only the schedule: if it was flushed, put the schedule back (idempotent).
    this.reconcile = setInterval(
      () =>
        void this.queue
          ?.upsertJobScheduler('sweep', { every: this.config.SWEEP_INTERVAL_MS }, { name: 'sweep' })
          .catch(() => undefined),
      Math.max(2000, this.config.SWEEP_INTERVAL_MS * 5),
    );
    this.reconcile.unref();
  }

  /**
   * A wake-up at a deadline we know now (a hold's expiry), so it is honoured within a couple of
   * seconds rather than at the next periodic sweep. Deadlines share 2-second buckets, so a
   * burst of holds costs one Redis job, not one each.
   */
  async wakeAt(when: Date): Promise<void> {
    const bucket = Math.ceil(when.getTime() / WAKE_BUCKET_MS) * WAKE_BUCKET_MS;
    if (this.wakeBuckets.has(bucket)) return;
    this.wakeBuckets.add(bucket);
    const forget = setTimeout(
      () => this.wakeBuckets.delete(bucket),
      Math.max(0, bucket - Date.now()) + WAKE_BUCKET_MS,
    );
    forget.unref();
    const delay = Math.max(0, bucket - Date.now() + 100);
    await this.queue
      ?.add(
        'wake',
        {},
        { delay, jobId: `wake-${bucket}`, removeOnComplete: true, removeOnFail: 100 },
      )
      .catch((error) => {
        this.log.warn(
          { err: (error as Error).message },
          'could not schedule a wake-up; the periodic sweep will catch it',
        );
      });
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.reconcile);
    await this.worker?.close();
    await this.queue?.close();
  }
}

import { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/env';

export type SweepResult = Record<string, number>;

/**
 * A service's time sweep, run by BullMQ on a job scheduler (every SWEEP_INTERVAL_MS) and on
 * wake-ups at known deadlines, one run at a time. Redis holds only *when*: the schedule is put
 * back every few intervals in case Redis was flushed, and the sweep reads what is due from
 * PostgreSQL, so losing Redis loses timing precision, never work. The referral and diagnosis
 * services each run one.
 */
export class SweepSchedule {
  private queue?: Queue;
  private worker?: Worker;
  private reconcile?: NodeJS.Timeout;

  constructor(
    private readonly opts: {
      queue: string;
      /** Names it in log lines ("referral", "diagnosis"). */
      what: string;
      config: AppConfig;
      log: Logger;
      run: () => Promise<SweepResult>;
      onResult?: (result: SweepResult) => void;
    },
  ) {}

  async start(): Promise<void> {
    const { config, log, what } = this.opts;
    const connection = { url: config.REDIS_URL, maxRetriesPerRequest: null };
    const prefix = `${config.REDIS_PREFIX}:bull`;
    this.queue = new Queue(this.opts.queue, { connection, prefix });
    this.queue.on('error', (err) => log.warn({ err: err.message }, `${what} queue error`));
    this.worker = new Worker(this.opts.queue, async () => this.opts.run(), {
      connection,
      prefix,
      concurrency: 1,
    });
    this.worker.on('error', (err) => log.warn({ err: err.message }, `${what} worker error`));
    const onResult = this.opts.onResult;
    if (onResult) this.worker.on('completed', (_job, result: SweepResult) => onResult(result));
    await this.schedule();
    this.reconcile = setInterval(
      () => void this.schedule().catch(() => undefined),
      Math.max(2000, config.SWEEP_INTERVAL_MS * 5),
    );
    this.reconcile.unref();
  }

  /** One extra run after `delayMs`; the same `jobId` twice is one run (BullMQ dedups it). */
  async wake(jobId: string, delayMs: number): Promise<void> {
    await this.queue?.add(
      'wake',
      {},
      { delay: delayMs, jobId, removeOnComplete: true, removeOnFail: 100 },
    );
  }

  async stop(): Promise<void> {
    clearInterval(this.reconcile);
    await this.worker?.close();
    await this.queue?.close();
  }

  private async schedule(): Promise<void> {
    await this.queue?.upsertJobScheduler(
      'sweep',
      { every: this.opts.config.SWEEP_INTERVAL_MS },
      { name: 'sweep' },
    );
  }
}

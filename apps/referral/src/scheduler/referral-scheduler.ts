import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/shared';
import { SweepSchedule } from '@app/shared/nest';
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
  private readonly wakeBuckets = new Set<number>();
  private readonly schedule: SweepSchedule;

  constructor(
    private readonly sweep: SweepService,
    @Inject(SERVICE_CONFIG) config: AppConfig,
    @Inject(SERVICE_LOGGER) private readonly log: Logger,
  ) {
    this.schedule = new SweepSchedule({
      queue: QUEUE,
      what: 'referral',
      config,
      log,
      run: () => this.sweep.run(),
      onResult: (result) => {
        if (Object.values(result ?? {}).some((n) => n > 0)) log.info({ result }, 'referral sweep');
      },
    });
  }

  onModuleInit(): Promise<void> {
    return this.schedule.start();
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
    await this.schedule.wake(`wake-${bucket}`, delay).catch((error) => {
      this.log.warn(
        { err: (error as Error).message },
        'could not schedule a wake-up; the periodic sweep will catch it',
      );
    });
  }

  onModuleDestroy(): Promise<void> {
    return this.schedule.stop();
  }
}

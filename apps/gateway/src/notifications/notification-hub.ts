import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { Counter, Gauge, Registry } from 'prom-client';
import { Actor, AppConfig, AppError, ErrorCode } from '@app/shared';
import { WakeablePump } from '../common/wakeable-pump';
import { METRICS } from '../health/metrics';
import { CONFIG, LOGGER } from '../infra/tokens';
import { NoticeStream } from './notice-stream';
import { NOTIFICATION_CHANNEL } from './notification-consumer';
import { NotificationStore } from './notification-store';

/** The safety net when a NOTIFY is lost (the LISTEN connection dropped): look this often. */
const SWEEP_MS = 2000;
/** Notices read per look at the table; a burst is read in several. */
const BATCH = 500;

/**
 * The live streams of this gateway process and the one thing that feeds them: after a commit's
 * NOTIFY (or the sweep) it reads the notices after its cursor once, and offers each to every
 * stream, which keeps those addressed to its user. The table is the truth; NOTIFY only wakes.
 *
 * Streams are bounded per user (NOTIFICATION_STREAMS_PER_USER, then 429) and per process
 * (NOTIFICATION_STREAMS_MAX, then 503), counted here and released when a stream closes for
 * any reason: the client went away, its token expired, it read too slowly, or we shut down.
 */
@Injectable()
export class NotificationHub implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly streams = new Set<NoticeStream>();
  private readonly perUser = new Map<string, number>();
  private cursor = 0;
  private readonly pumper: WakeablePump;
  private readonly pushed: Counter;

  constructor(
    private readonly store: NotificationStore,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(METRICS) registry: Registry,
  ) {
    const streams = this.streams;
    new Gauge({
      name: 'notification_streams_open',
      help: 'Live notification streams (SSE) open on this gateway process',
      registers: [registry],
      collect() {
        this.set(streams.size);
      },
    });
    this.pushed = new Counter({
      name: 'notification_pushes_total',
      help: 'Notices pushed live to a stream of a user they are addressed to',
      registers: [registry],
    });
    this.pumper = new WakeablePump(
      {
        databaseUrl: config.DATABASE_URL,
        channel: NOTIFICATION_CHANNEL,
        sweepMs: SWEEP_MS,
        what: 'notification',
        log,
      },
      () => this.offerNew(),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.cursor = await this.store.newestSequence();
    await this.pumper.start();
  }

  async onModuleDestroy(): Promise<void> {
    const closing = this.pumper.stop();
    // Open streams would hold the HTTP server's close forever; clients reconnect elsewhere.
    for (const s of [...this.streams]) s.close('shutting down');
    await closing;
  }

  /**
   * Opens a stream for the actor, or refuses (before any header is sent) when the user or the
   * process holds too many. Synchronous from the count to the registration, so two requests
   * racing cannot both take the last place.
   */
  open(actor: Actor, res: Response, cursor: number, expiresAt: number | undefined): NoticeStream {
    const mine = this.perUser.get(actor.id) ?? 0;
    if (mine >= this.config.NOTIFICATION_STREAMS_PER_USER)
      throw Object.assign(
        new AppError(
          ErrorCode.RATE_LIMITED,
          `At most ${this.config.NOTIFICATION_STREAMS_PER_USER} notification streams per user; close one (share one stream between tabs)`,
        ),
        { retryAfterSeconds: 30 },
      );
    if (this.streams.size >= this.config.NOTIFICATION_STREAMS_MAX || this.pumper.stopped)
      throw AppError.unavailable('Too many notification streams on this server; try again');
    const stream = new NoticeStream(actor, res, cursor, {
      heartbeatMs: this.config.NOTIFICATION_HEARTBEAT_MS,
      expiresAt,
      missed: (a, after) => this.store.visibleAfter(a, after, 200),
      onClose: (s, reason) => {
        this.release(s);
        this.log.debug({ user: s.actor.id, reason }, 'notification stream closed');
      },
    });
    this.streams.add(stream);
    this.perUser.set(actor.id, mine + 1);
    return stream;
  }

  /** Reads the notices after the cursor and offers them to every stream; one pump at a time. */
  pump(): Promise<void> {
    return this.pumper.pump();
  }

  private async offerNew(): Promise<void> {
    let batch;
    do {
      batch = await this.store.allAfter(this.cursor, BATCH);
      for (const notice of batch) {
        for (const s of this.streams) if (s.offer(notice)) this.pushed.inc();
        this.cursor = notice.sequence;
      }
    } while (batch.length === BATCH);
  }

  private release(stream: NoticeStream): void {
    if (!this.streams.delete(stream)) return;
    const left = (this.perUser.get(stream.actor.id) ?? 1) - 1;
    if (left > 0) this.perUser.set(stream.actor.id, left);
    else this.perUser.delete(stream.actor.id);
  }
}

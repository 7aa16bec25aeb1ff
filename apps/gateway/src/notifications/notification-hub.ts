import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import type { Client } from 'pg';
import type { Logger } from 'pino';
import { Counter, Gauge, Registry } from 'prom-client';
import { Actor, AppConfig, AppError, ErrorCode, listenForNotify } from '@app/shared';
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
  private listener?: Client;
  private sweep?: NodeJS.Timeout;
  private pumping = false;
  private again = false;
  private stopping = false;
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
  }

  async onApplicationBootstrap(): Promise<void> {
    this.cursor = await this.store.newestSequence();
    await this.listen();
    this.sweep = setInterval(() => {
      if (!this.listener) void this.listen();
      void this.pump();
    }, SWEEP_MS);
    this.sweep.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.sweep);
    // Open streams would hold the HTTP server's close forever; clients reconnect elsewhere.
    for (const s of [...this.streams]) s.close('shutting down');
    await this.listener?.end().catch(() => undefined);
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
    if (this.streams.size >= this.config.NOTIFICATION_STREAMS_MAX || this.stopping)
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
  async pump(): Promise<void> {
    if (this.stopping) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        let batch;
        do {
          batch = await this.store.allAfter(this.cursor, BATCH);
          for (const notice of batch) {
            for (const s of this.streams) if (s.offer(notice)) this.pushed.inc();
            this.cursor = notice.sequence;
          }
        } while (batch.length === BATCH);
      } while (this.again && !this.stopping);
    } catch (error) {
      this.log.warn({ err: error }, 'notification pump failed; the sweep retries');
    } finally {
      this.pumping = false;
    }
  }

  private release(stream: NoticeStream): void {
    if (!this.streams.delete(stream)) return;
    const left = (this.perUser.get(stream.actor.id) ?? 1) - 1;
    if (left > 0) this.perUser.set(stream.actor.id, left);
    else this.perUser.delete(stream.actor.id);
  }

  private async listen(): Promise<void> {
    const client = await listenForNotify(
      this.config.DATABASE_URL,
      NOTIFICATION_CHANNEL,
      {
        notify: () => void this.pump(),
        lost: () => {
          if (this.listener === client) this.listener = undefined;
        },
      },
      this.log,
    );
    this.listener = client;
    if (client) void this.pump(); // whatever was committed while no one listened
  }
}

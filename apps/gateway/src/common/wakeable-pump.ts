import type { Client } from 'pg';
import type { Logger } from 'pino';
import { listenForNotify } from '@app/shared';

export interface WakeablePumpOptions {
  databaseUrl: string;
  /** The PostgreSQL NOTIFY channel a commit that queued work signals. */
  channel: string;
  /** How often to look anyway (a lost NOTIFY, a retry that came due, a dropped listener). */
  sweepMs: number;
  /** Names the pump in its log lines ("webhook", "HL7 result", "notification"). */
  what: string;
  log: Logger;
}

/**
 * Runs `work` when a commit NOTIFYs the channel, on a sweep timer, and when asked; never twice at
 * once, and once more when woken while running, so no wake-up is lost. The database is the
 * truth: `work` reads what is due from its tables, and every wake-up only shortens the wait.
 * Webhook deliveries, HL7 results and the live notification streams all run on one.
 */
export class WakeablePump {
  private listener?: Client;
  private sweep?: NodeJS.Timeout;
  private pumping = false;
  private again = false;
  private stopping = false;

  constructor(
    private readonly opts: WakeablePumpOptions,
    private readonly work: () => Promise<void>,
  ) {}

  get stopped(): boolean {
    return this.stopping;
  }

  async start(): Promise<void> {
    this.sweep = setInterval(() => {
      if (!this.listener) void this.listen();
      void this.pump();
    }, this.opts.sweepMs);
    this.sweep.unref();
    await this.listen();
    void this.pump();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.sweep);
    await this.listener?.end().catch(() => undefined);
  }

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
        await this.work();
      } while (this.again && !this.stopping);
    } catch (error) {
      this.opts.log.warn({ err: error }, `${this.opts.what} pump failed; the sweep retries`);
    } finally {
      this.pumping = false;
    }
  }

  private async listen(): Promise<void> {
    const client = await listenForNotify(
      this.opts.databaseUrl,
      this.opts.channel,
      {
        notify: () => void this.pump(),
        lost: () => {
          if (this.listener === client) this.listener = undefined;
        },
      },
      this.opts.log,
    );
    this.listener = client;
    if (client) void this.pump(); // whatever was committed while no one listened
  }
}

/**
 * After stop(): waits until the deliveries a dispatcher still has in flight are done, or `ms`
 * have passed, so their results are recorded before the process goes (webhooks, HL7 results).
 */
export async function drainInFlight(inflight: { size: number }, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (inflight.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

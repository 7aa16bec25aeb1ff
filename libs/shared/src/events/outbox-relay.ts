import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders, NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { EventEnvelope } from '../contracts/events';
import { HEADER_CORRELATION } from '../actor/actor';
import { encodeJson } from '../bus/wire';
import { streamNames } from './stream';

interface OutboxRow {
  id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  community_id: string | null;
  correlation_id: string | null;
  payload: unknown;
  occurred_at: Date;
}

export interface RelayOptions {
  schema: string;
  prefix: string;
  pollMs: number;
  batchSize?: number;
}

/**
 * Moves committed outbox rows to JetStream. Rows are locked with SKIP LOCKED so several
 * relays can run; the event id is the JetStream message id, so a relay that dies after
 * publishing but before marking the row only causes a duplicate the stream drops.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly js: JetStreamClient;

  constructor(
    private readonly ds: DataSource,
    nc: NatsConnection,
    private readonly opts: RelayOptions,
    private readonly log: Logger,
  ) {
    this.js = jetstream(nc);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Ask for an immediate pass (after a commit) instead of waiting for the next poll. */
  poke(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.poke();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch();
      } catch (error) {
        this.log.warn({ err: error }, 'outbox relay pass failed; will retry');
      }
      if (published === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.opts.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  /** One pass: returns how many events it published. */
  async publishBatch(): Promise<number> {
    const names = streamNames(this.opts.prefix);
    const schema = `"${this.opts.schema}"`;
    return this.ds.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, type, aggregate_type, aggregate_id, community_id, correlation_id, payload, occurred_at
           FROM ${schema}.outbox WHERE published_at IS NULL
           ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.opts.batchSize ?? 100],
      );
      if (rows.length === 0) return 0;
      const acks = rows.map((row) => {
        const envelope: EventEnvelope = {
          id: row.id,
          type: row.type,
          occurredAt: new Date(row.occurred_at).toISOString(),
          aggregateType: row.aggregate_type,
          aggregateId: row.aggregate_id,
          communityId: row.community_id,
          correlationId: row.correlation_id,
          payload: row.payload,
        };
        const h = natsHeaders();
        if (row.correlation_id) h.set(HEADER_CORRELATION, row.correlation_id);
        return this.js.publish(names.eventSubject(row.type), encodeJson(envelope), {
          msgID: row.id,
          headers: h,
        });
      });
      await Promise.all(acks);
      await manager.query(
        `UPDATE ${schema}.outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1)`,
        [rows.map((r) => r.id)],
      );
      return rows.length;
    });
  }
}

import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders, NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { EventEnvelope } from '../contracts/events';
import { HEADER_CORRELATION } from '../actor/actor';
import { encodeJson } from '../bus/wire';
import { streamNames } from './stream';
import { OutboxCommitWake } from './outbox-commit-wake';

export interface OutboxRow {
  id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  community_id: string | null;
  correlation_id: string | null;
  payload: unknown;
  occurred_at: Date;
}

/**
 * The envelope an outbox row is published as. Exported so a test can publish a row again
 * exactly as the relay did (a redelivery), not a copy that could drift from it.
 */
export function envelopeOf(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    occurredAt: new Date(row.occurred_at).toISOString(),
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    communityId: row.community_id,
    correlationId: row.correlation_id,
    payload: row.payload,
  };
}

export interface RelayOptions {
  schema: string;
  prefix: string;
  /** The safety net: a pass at least this often, whether or not a commit said so. */
  pollMs: number;
  batchSize?: number;
  /** Poked right after each commit of this process that wrote the outbox; default true. */
  wakeOnCommit?: boolean;
  /** Published outbox rows and handled inbox rows older than this are deleted. */
  retentionHours?: number;
}

const PRUNE_EVERY_MS = 60_000;
const PRUNE_BATCH = 10_000;

/**
 * Moves committed outbox rows to JetStream. Rows are locked with SKIP LOCKED so several
 * relays can run; the event id is the JetStream message id, so a relay that dies after
 * publishing but before marking the row only causes a duplicate the stream drops.
 *
 * It runs right after a commit: writeOutbox notes the outbox on the transaction, and the
 * relay's OutboxCommitWake pokes it once that transaction has committed (never for a
 * rollback). The poll stays as the safety net, and publishes rows other processes wrote.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pending = false;
  private readonly commitWake: OutboxCommitWake;
  private pruneTimer?: NodeJS.Timeout;
  private readonly js: JetStreamClient;

  constructor(
    private readonly ds: DataSource,
    nc: NatsConnection,
    private readonly opts: RelayOptions,
    private readonly log: Logger,
  ) {
    this.js = jetstream(nc);
    this.commitWake = new OutboxCommitWake(opts.schema, () => this.poke());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.opts.wakeOnCommit !== false) this.ds.subscribers.push(this.commitWake);
    this.loop = this.run();
    if (this.opts.retentionHours) {
      this.pruneTimer = setInterval(() => {
        this.prune().catch((error) => this.log.warn({ err: error }, 'outbox pruning failed'));
      }, PRUNE_EVERY_MS);
      this.pruneTimer.unref();
    }
  }

  /** Ask for an immediate pass (after a commit) instead of waiting for the next poll. */
  poke(): void {
    this.pending = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.pruneTimer);
    const at = this.ds.subscribers.indexOf(this.commitWake);
    if (at >= 0) this.ds.subscribers.splice(at, 1);
    this.poke();
    await this.loop;
  }

  /**
   * Deletes published events and handled inbox rows past the retention, in batches. An inbox
   * row only guards against a redelivery, and JetStream redelivers within minutes, not days.
   */
  async prune(): Promise<{ outbox: number; inbox: number }> {
    const schema = `"${this.opts.schema}"`;
    const hours = this.opts.retentionHours ?? 168;
    const outbox = await this.ds.query(
      `DELETE FROM ${schema}.outbox WHERE id IN (
         SELECT id FROM ${schema}.outbox WHERE published_at < now() - make_interval(hours => $1) LIMIT ${PRUNE_BATCH})`,
      [hours],
    );
    const inbox = await this.ds.query(
      `DELETE FROM ${schema}.inbox WHERE (consumer, event_id) IN (
         SELECT consumer, event_id FROM ${schema}.inbox WHERE handled_at < now() - make_interval(hours => $1) LIMIT ${PRUNE_BATCH})`,
      [hours],
    );
    // TypeORM answers a DELETE with [rows, count].
    return { outbox: Number(outbox?.[1] ?? 0), inbox: Number(inbox?.[1] ?? 0) };
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch();
      } catch (error) {
        this.log.warn({ err: error }, 'outbox relay pass failed; will retry');
      }
      if (published === 0 && this.running && !this.pending) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.opts.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      this.pending = false;
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
        const envelope = envelopeOf(row);
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

import {
  AckPolicy,
  ConsumerMessages,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  JsMsg,
} from '@nats-io/jetstream';
import { nanos, NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { EventEnvelope, eventEnvelopeSchema } from '../contracts/events';
import { decodeJson, encodeJson } from '../bus/wire';
import { requestContext } from '../logging/logger';
import { describeError } from '../logging/safe-error';
import { streamNames } from './stream';

/** Where the event sits in the stream: its JetStream sequence orders events of one aggregate. */
export interface EventMeta {
  streamSequence: number;
}

export type EventHandler = (
  event: EventEnvelope,
  manager: EntityManager,
  meta: EventMeta,
) => Promise<void>;

export interface EventConsumerOptions {
  /** Durable consumer name; also the inbox key, so keep it stable across releases. */
  durable: string;
  /** Schema holding this app's inbox table. */
  schema: string;
  prefix: string;
  /** A single subject filter (NATS 2.9 allows one), e.g. `cmc.evt.referral.>`. */
  filterSubject?: string;
  /**
   * The event types the handler acts on. Others are acknowledged without a transaction or an
   * inbox row: there is no effect to make idempotent, and the database round trips were most
   * of a consumer's cost for events it ignores.
   */
  wants?: (type: string) => boolean;
  /** Attempts before the event goes to the dead-letter stream. */
  maxAttempts?: number;
  ackWaitMs?: number;
  backoffMs?: (attempt: number) => number;
  /** Counts deliveries after the first (prom-client Counter labelled by consumer). */
  redeliveries?: { inc: (labels: { consumer: string }) => void };
}

const defaultBackoff = (attempt: number): number => Math.min(30_000, 250 * 2 ** (attempt - 1));

/**
 * A durable pull consumer with explicit ack. Each event is handled in one database
 * transaction together with its inbox row, so a redelivery (after a crash between commit
 * and ack) finds the inbox row and is acknowledged without running the handler again.
 */
export class EventConsumer {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly ds: DataSource,
    private readonly opts: EventConsumerOptions,
    private readonly handler: EventHandler,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const names = streamNames(this.opts.prefix);
    const jsm = await jetstreamManager(this.nc);
    const config = {
      durable_name: this.opts.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.opts.filterSubject ?? names.allEvents,
      ack_wait: nanos(this.opts.ackWaitMs ?? 30_000),
      max_ack_pending: 1000,
    };
    try {
      await jsm.consumers.info(names.events, this.opts.durable);
    } catch {
      await jsm.consumers.add(names.events, config);
    }
    const consumer = await jetstream(this.nc).consumers.get(names.events, this.opts.durable);
    this.messages = await consumer.consume({ max_messages: 64 });
    this.loop = (async () => {
      for await (const msg of this.messages!) await this.process(msg);
    })().catch((error) =>
      this.log.error({ err: error, consumer: this.opts.durable }, 'consumer loop ended'),
    );
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }

  private async process(msg: JsMsg): Promise<void> {
    const attempt = msg.info.deliveryCount;
    if (attempt > 1) this.opts.redeliveries?.inc({ consumer: this.opts.durable });
    const maxAttempts = this.opts.maxAttempts ?? 5;
    let envelope: EventEnvelope;
    try {
      envelope = eventEnvelopeSchema.parse(decodeJson(msg.data));
    } catch (error) {
      await this.deadLetter(msg, `unreadable envelope: ${describeError(error)}`);
      return;
    }
    if (this.opts.wants && !this.opts.wants(envelope.type)) {
      msg.ack();
      return;
    }
    if (attempt > maxAttempts) {
      await this.deadLetter(msg, `gave up after ${maxAttempts} attempts`, envelope);
      return;
    }
    try {
      await requestContext.run({ correlationId: envelope.correlationId ?? envelope.id }, () =>
        this.handleOnce(envelope, { streamSequence: msg.seq }),
      );
      msg.ack();
    } catch (error) {
      if (attempt >= maxAttempts) {
        await this.deadLetter(msg, describeError(error), envelope);
        return;
      }
      const delay = (this.opts.backoffMs ?? defaultBackoff)(attempt);
      this.log.warn(
        { err: error, eventId: envelope.id, type: envelope.type, attempt, delay },
        'event handler failed; retrying',
      );
      msg.nak(delay);
    }
  }

  private async handleOnce(envelope: EventEnvelope, meta: EventMeta): Promise<void> {
    await this.ds.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "${this.opts.schema}".inbox (consumer, event_id, event_type) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.opts.durable, envelope.id, envelope.type],
      );
      if (inserted.length === 0) return; // handled before a crash lost the ack
      await this.handler(envelope, manager, meta);
    });
  }

  private async deadLetter(msg: JsMsg, reason: string, envelope?: EventEnvelope): Promise<void> {
    const names = streamNames(this.opts.prefix);
    const record = {
      consumer: this.opts.durable,
      reason,
      streamSequence: msg.seq,
      envelope: envelope ?? null,
    };
    await jetstream(this.nc).publish(
      names.deadLetterSubject(this.opts.durable),
      encodeJson(record),
      {
        msgID: `${this.opts.durable}:${msg.seq}`,
      },
    );
    this.log.error(
      { consumer: this.opts.durable, eventId: envelope?.id, reason },
      'event moved to dead-letter stream',
    );
    msg.term(reason);
  }
}

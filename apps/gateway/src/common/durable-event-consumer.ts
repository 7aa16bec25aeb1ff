import { Inject, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, EventConsumer, EventEnvelope, EventMeta } from '@app/shared';
import { CONFIG, LOGGER, NATS } from '../infra/tokens';
import { GATEWAY_SCHEMA } from '../migrations';

/**
 * A durable JetStream consumer of every domain event, started and stopped with the gateway.
 * Each event is handled in the transaction that records it in the inbox, so its effect (a
 * webhook delivery, a notice, an HL7 result row) happens exactly once. `durable` names the
 * consumer and its inbox rows: keep it stable across releases.
 */
export abstract class DurableEventConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  protected abstract readonly durable: string;
  private consumer?: EventConsumer;

  constructor(
    protected readonly ds: DataSource,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(CONFIG) protected readonly config: AppConfig,
    @Inject(LOGGER) protected readonly log: Logger,
  ) {}

  protected abstract handle(event: EventEnvelope, m: EntityManager, meta: EventMeta): Promise<void>;

  /** The event types `handle` acts on; the rest are acknowledged without touching the database. */
  protected wants(_type: string): boolean {
    return true;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = new EventConsumer(
      this.nc,
      this.ds,
      {
        durable: this.durable,
        schema: GATEWAY_SCHEMA,
        prefix: this.config.BUS_PREFIX,
        wants: (type) => this.wants(type),
      },
      (event, m, meta) => this.handle(event, m, meta),
      this.log,
    );
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }
}

import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, EventConsumer, EventEnvelope, EventMeta, rowsOf } from '@app/shared';
import { GATEWAY_SCHEMA } from '../migrations';
import { CONFIG, LOGGER, NATS } from '../infra/tokens';
import { routeOf, webhookBody } from './webhook-events';

/** Kept stable across releases: it names the JetStream consumer and the inbox rows. */
export const WEBHOOK_CONSUMER = 'gateway-webhooks';
/** NOTIFY channel: a commit that queued deliveries wakes the dispatchers at once. */
export const WEBHOOK_CHANNEL = 'gateway_webhooks';

/**
 * Turns each event into one delivery row per endpoint that may receive it, in the transaction
 * that records the event in the inbox (so exactly once): the endpoint and its client active, in
 * the event's community, the client's institution a party to the event, the type subscribed,
 * and the client still holding the scope to read such data.
 */
@Injectable()
export class WebhookFanout implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer?: EventConsumer;

  constructor(
    private readonly ds: DataSource,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = new EventConsumer(
      this.nc,
      this.ds,
      { durable: WEBHOOK_CONSUMER, schema: GATEWAY_SCHEMA, prefix: this.config.BUS_PREFIX },
      (event, m, meta) => this.fanOut(event, m, meta),
      this.log,
    );
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }

  async fanOut(event: EventEnvelope, m: EntityManager, meta: EventMeta): Promise<void> {
    const route = routeOf(event);
    if (!route) return;
    const rows = await rowsOf(
      m,
      `INSERT INTO gateway.webhook_deliveries (id, endpoint_id, event_id, event_type, ordering_key, stream_seq, body)
       SELECT gen_random_uuid(), e.id, $1, $2, $3, $4, $5
         FROM gateway.webhook_endpoints e
         JOIN gateway.api_clients c ON c.id = e.client_id
         JOIN gateway.institutions i ON i.id = c.institution_id
        WHERE e.active AND c.active AND i.community_id = $6 AND c.institution_id = ANY($7::uuid[])
          AND $2 = ANY(e.event_types) AND $8 = ANY(c.scopes)
       ON CONFLICT (endpoint_id, event_id) DO NOTHING
       RETURNING id`,
      [
        event.id,
        route.type,
        route.orderingKey,
        meta.streamSequence,
        webhookBody(event, route.type),
        event.communityId,
        route.institutionIds,
        route.scope,
      ],
    );
    if (rows.length) await m.query(`SELECT pg_notify($1, '')`, [WEBHOOK_CHANNEL]);
  }
}

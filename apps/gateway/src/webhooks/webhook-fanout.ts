import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, EventMeta, rowsOf } from '@app/shared';
import { DurableEventConsumer } from '../common/durable-event-consumer';
import { routeOf, webhookBody, WEBHOOK_EVENT_TYPES } from './webhook-events';

const SUBSCRIBABLE = new Set<string>(WEBHOOK_EVENT_TYPES);

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
export class WebhookFanout extends DurableEventConsumer {
  protected readonly durable = WEBHOOK_CONSUMER;

  /**
   * Only types a client may subscribe to can make deliveries (routeOf refuses the rest), so the
   * others (claims, releases, drafts…) are acknowledged without an inbox transaction.
   */
  protected override wants(type: string): boolean {
    return SUBSCRIBABLE.has(type);
  }

  protected handle(event: EventEnvelope, m: EntityManager, meta: EventMeta): Promise<void> {
    return this.fanOut(event, m, meta);
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

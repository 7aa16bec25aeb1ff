import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EventPayload, EventType, eventSchemas } from '../contracts/events';
import { requestContext } from '../logging/logger';
import { outboxChannel } from './outbox-relay';

export interface NewEvent<T extends EventType> {
  type: T;
  aggregateType: string;
  aggregateId: string;
  communityId?: string | null;
  payload: EventPayload<T>;
}

/**
 * Writes an event row with the caller's transaction, so the change and its event commit
 * together or not at all. The relay publishes it later; nothing is sent from here.
 */
export async function writeOutbox<T extends EventType>(
  manager: EntityManager,
  schema: string,
  event: NewEvent<T>,
): Promise<string> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('writeOutbox must run inside a transaction');
  }
  const payload = eventSchemas[event.type].parse(event.payload);
  const id = randomUUID();
  // One statement, one round trip: the row, and the wake-up its relay gets at commit (never
  // for a rollback), so the relay publishes right away (OutboxRelay).
  await manager.query(
    `WITH written AS (
       INSERT INTO "${schema}".outbox (id, type, aggregate_type, aggregate_id, community_id, correlation_id, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING 1)
     SELECT pg_notify($8, '') FROM written`,
    [
      id,
      event.type,
      event.aggregateType,
      event.aggregateId,
      event.communityId ?? null,
      requestContext.getStore()?.correlationId ?? null,
      JSON.stringify(payload),
      outboxChannel(schema),
    ],
  );
  return id;
}

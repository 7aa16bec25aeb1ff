import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EventPayload, EventType, eventSchemas } from '../contracts/events';
import { requestContext } from '../logging/logger';
import { noteOutboxWritten } from './outbox-commit-wake';

export interface NewEvent<T extends EventType> {
  type: T;
  aggregateType: string;
  aggregateId: string;
  communityId?: string | null;
  payload: EventPayload<T>;
}

/**
 * Writes an event row with the caller's transaction, so the change and its event commit
 * together or not at all. The relay publishes it right after the commit; nothing is sent from
 * here.
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
  await manager.query(
    `INSERT INTO "${schema}".outbox (id, type, aggregate_type, aggregate_id, community_id, correlation_id, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      event.type,
      event.aggregateType,
      event.aggregateId,
      event.communityId ?? null,
      requestContext.getStore()?.correlationId ?? null,
      JSON.stringify(payload),
    ],
  );
  // The relay is poked once this transaction commits (never for a rollback): OutboxCommitWake.
  noteOutboxWritten(manager.queryRunner, schema);
  return id;
}

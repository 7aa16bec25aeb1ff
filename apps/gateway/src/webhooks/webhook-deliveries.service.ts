import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Actor, AppError, rowsOf } from '@app/shared';
import { AuditOrigin, AuditService } from '../audit/audit.service';
import { deliveryQuery } from './webhook.schemas';
import { WebhookDispatcher } from './webhook-dispatcher';
import { ENDPOINT_FROM, isoFields, visibleTo } from './webhook-scope';

const COLUMNS = `d.id, d.endpoint_id AS "endpointId", d.event_id AS "eventId", d.event_type AS "eventType",
  d.ordering_key AS "orderingKey", d.status, d.attempts,
  CASE WHEN d.status IN ('PENDING', 'FAILED') THEN d.next_attempt_at END AS "nextAttemptAt",
  d.last_attempt_at AS "lastAttemptAt", d.last_status_code AS "lastStatusCode", d.last_latency_ms AS "lastLatencyMs",
  d.last_error AS "lastError", d.delivered_at AS "deliveredAt", d.created_at AS "createdAt"`;
const TIMES = ['nextAttemptAt', 'lastAttemptAt', 'deliveredAt', 'createdAt'];
/** A replay since a time resends at most this many deliveries; ask again with a later `since`. */
export const MAX_REPLAY = 10_000;

/** The delivery log of an endpoint (status, latency, every attempt) and replays (G3). */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async list(actor: Actor, endpointId: string, q: z.infer<typeof deliveryQuery>) {
    await this.endpoint(actor, endpointId);
    const args = [endpointId, q.status ?? null, q.since ?? null];
    const where = `d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::timestamptz IS NULL OR d.created_at >= $3)`;
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM gateway.webhook_deliveries d WHERE ${where}`,
      args,
    );
    const rows = await this.ds.query(
      `SELECT ${COLUMNS} FROM gateway.webhook_deliveries d WHERE ${where}
        ORDER BY d.created_at DESC, d.seq DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    const items = rows.map((r: Record<string, unknown>) => isoFields(r, TIMES));
    return { items, total, limit: q.limit, offset: q.offset };
  }

  async get(actor: Actor, id: string) {
    const scope = visibleTo(actor, 2);
    const [row] = await this.ds.query(
      `SELECT ${COLUMNS}, d.body FROM gateway.webhook_deliveries d JOIN ${ENDPOINT_FROM} ON e.id = d.endpoint_id
        WHERE d.id = $1 AND ${scope.sql}`,
      [id, ...scope.args],
    );
    if (!row) throw AppError.notFound('Webhook delivery');
    const attempts = await this.ds.query(
      `SELECT at, status_code AS "statusCode", latency_ms AS "latencyMs", error FROM gateway.webhook_attempts
        WHERE delivery_id = $1 ORDER BY at, id LIMIT 100`,
      [id],
    );
    return {
      ...isoFields(row, TIMES),
      attemptLog: attempts.map((a: Record<string, unknown>) => isoFields(a, ['at'])),
    };
  }

  /**
   * Sends one delivery again, whatever its status, with the same webhook-id (a receiver that
   * de-duplicates by it sees a replay of what it already has as a duplicate) and a fresh
   * schedule. It waits its turn behind older undelivered deliveries of the same key.
   */
  async replayOne(actor: Actor, id: string, origin: AuditOrigin) {
    await this.get(actor, id);
    await this.ds.transaction(async (m) => {
      await m.query(
        `UPDATE gateway.webhook_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = now(), locked_until = NULL
          WHERE id = $1`,
        [id],
      );
      await this.audit.record(
        actor,
        { action: 'update', resourceType: 'webhook_delivery', resourceId: id },
        origin,
        m,
      );
    });
    this.dispatcher.wake();
    return this.get(actor, id);
  }

  /** Everything the endpoint was sent, or failed to be sent, since a time: again, in order. */
  async replaySince(actor: Actor, endpointId: string, since: string, origin: AuditOrigin) {
    await this.endpoint(actor, endpointId);
    const replayed = await this.ds.transaction(async (m) => {
      const rows = await rowsOf(
        m,
        `UPDATE gateway.webhook_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = now(), locked_until = NULL
          WHERE id IN (SELECT id FROM gateway.webhook_deliveries WHERE endpoint_id = $1 AND created_at >= $2
                        ORDER BY stream_seq, seq LIMIT ${MAX_REPLAY})
          RETURNING id`,
        [endpointId, since],
      );
      await this.audit.record(
        actor,
        { action: 'update', resourceType: 'webhook_endpoint', resourceId: endpointId },
        origin,
        m,
      );
      return rows.length;
    });
    this.dispatcher.wake();
    return { replayed, limit: MAX_REPLAY };
  }

  private async endpoint(actor: Actor, id: string): Promise<void> {
    const scope = visibleTo(actor, 2);
    const [row] = await this.ds.query(
      `SELECT e.id FROM ${ENDPOINT_FROM} WHERE e.id = $1 AND ${scope.sql}`,
      [id, ...scope.args],
    );
    if (!row) throw AppError.notFound('Webhook endpoint');
  }
}

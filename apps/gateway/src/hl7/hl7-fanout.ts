import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, EventMeta, rowsOf } from '@app/shared';
import { DurableEventConsumer } from '../common/durable-event-consumer';

/** Kept stable across releases: it names the JetStream consumer and the inbox rows. */
export const HL7_CONSUMER = 'gateway-hl7-results';
/** NOTIFY channel: a commit that queued results wakes the senders at once. */
export const HL7_CHANNEL = 'gateway_hl7';
/** The events that produce an ORU^R01 (issue 15 item 4). */
const RESULT_EVENTS = new Set(['report.finalized', 'report.amended', 'critical.raised']);

/**
 * Turns each result event into one outbound row per HL7 client that should hear it, in the
 * transaction that records the event in the inbox (so exactly once): the client active, of the
 * study's institution (the ordering one), with an outbound host. The row holds only the event;
 * the message is rendered at its first attempt, outside this transaction.
 */
@Injectable()
export class Hl7Fanout extends DurableEventConsumer {
  protected readonly durable = HL7_CONSUMER;

  /** Only results go out as ORU; referral and other events need no inbox row here. */
  protected override wants(type: string): boolean {
    return RESULT_EVENTS.has(type as EventEnvelope['type']);
  }

  protected handle(event: EventEnvelope, m: EntityManager, meta: EventMeta): Promise<void> {
    return this.fanOut(event, m, meta);
  }

  async fanOut(event: EventEnvelope, m: EntityManager, _meta: EventMeta): Promise<void> {
    if (!RESULT_EVENTS.has(event.type) || !event.communityId) return;
    const payload = event.payload as { studyId?: string; institutionId?: string };
    // Events written before institutionId travelled with them name nobody: sent to nobody.
    if (!payload.studyId || !payload.institutionId) return;
    const rows = await rowsOf(
      m,
      `INSERT INTO gateway.hl7_outbound (id, client_id, event_id, event_type, study_id, event_payload)
       SELECT gen_random_uuid(), c.id, $1, $2, $3, $4
         FROM gateway.hl7_clients c JOIN gateway.institutions i ON i.id = c.institution_id
        WHERE c.active AND c.outbound_host IS NOT NULL AND c.institution_id = $5 AND i.community_id = $6
       ON CONFLICT (client_id, event_id) DO NOTHING
       RETURNING id`,
      [
        event.id,
        event.type,
        payload.studyId,
        JSON.stringify(payload),
        payload.institutionId,
        event.communityId,
      ],
    );
    if (rows.length) await m.query(`SELECT pg_notify($1, '')`, [HL7_CHANNEL]);
  }
}

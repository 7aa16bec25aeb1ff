import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { EventEnvelope } from '@app/shared';
import { DurableEventConsumer } from '../common/durable-event-consumer';
import { draftFor, NOTICE_EVENT_TYPES, NoticeDraft, NoticeLookup } from './notice-rules';

const NOTICE_TYPES = new Set(NOTICE_EVENT_TYPES);

/** Kept stable across releases: it names the JetStream consumer and the inbox rows. */
export const NOTIFICATION_CONSUMER = 'gateway-notifications';
/** NOTIFY channel: a commit that wrote a notice wakes every replica's live streams. */
export const NOTIFICATION_CHANNEL = 'gateway_notifications';
/**
 * Held while a notice is inserted, to the end of its transaction: notices then commit in the
 * order of their sequence numbers even with several replicas consuming, so a stream that has
 * sent sequence N can never later meet a smaller one committed late (and skip it).
 */
const INSERT_LOCK = 0x6e6f7469; // "noti"

const referralParties = z.object({
  referralId: z.string().uuid(),
  direction: z.enum(['UP', 'DOWN']),
  fromInstitutionId: z.string().uuid(),
  toInstitutionId: z.string().uuid(),
});

/**
 * Turns events into notices in the transaction that records the event in the inbox, so each
 * event makes its notice exactly once (the unique event id is a second guard). The notice is
 * committed before anyone is told: the push reads it back from the table after NOTIFY.
 */
@Injectable()
export class NotificationConsumer extends DurableEventConsumer {
  protected readonly durable = NOTIFICATION_CONSUMER;

  /**
   * Referral events keep the parties table current; otherwise only the types with a notice rule
   * do anything, so the rest (claims, releases, drafts…) skip the inbox transaction.
   */
  protected override wants(type: string): boolean {
    return type.startsWith('referral.') || NOTICE_TYPES.has(type);
  }

  async handle(event: EventEnvelope, m: EntityManager): Promise<void> {
    if (!event.communityId) return;
    if (event.type.startsWith('referral.')) await this.rememberReferral(event, m);
    const ageMs = Date.now() - new Date(event.occurredAt).getTime();
    if (ageMs > this.config.NOTIFICATION_MAX_AGE_HOURS * 3600_000) return;
    const draft = await draftFor(event, this.lookup(m, event.communityId));
    if (!draft) return;
    const id = await this.insert(m, event, event.communityId, draft);
    if (id) this.log.debug({ notice: id, eventId: event.id, type: event.type }, 'notice written');
  }

  private async insert(
    m: EntityManager,
    event: EventEnvelope,
    communityId: string,
    draft: NoticeDraft,
  ): Promise<string | undefined> {
    await m.query(`SELECT pg_advisory_xact_lock($1)`, [INSERT_LOCK]);
    const [row] = await m.query(
      `INSERT INTO gateway.notifications (id, event_id, event_type, community_id, urgency, title, body,
         resource_type, resource_id, link, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (event_id) DO NOTHING RETURNING id`,
      [
        randomUUID(),
        event.id,
        event.type,
        communityId,
        draft.urgency,
        draft.title,
        draft.body,
        draft.resource.type,
        draft.resource.id,
        draft.link,
        event.occurredAt,
      ],
    );
    if (!row) return undefined;
    await m.query(
      `INSERT INTO gateway.notification_audiences (notification_id, role, institution_id, center_id)
       SELECT $1, a.role, a.institution_id, a.center_id
         FROM json_to_recordset($2::json) AS a(role text, institution_id uuid, center_id uuid)`,
      [
        row.id,
        JSON.stringify(
          draft.audiences.map((a) => ({
            role: a.role,
            institution_id: a.institutionId ?? null,
            center_id: a.centerId ?? null,
          })),
        ),
      ],
    );
    await m.query(`SELECT pg_notify($1, '')`, [NOTIFICATION_CHANNEL]);
    return row.id as string;
  }

  /** Every referral event names both parties; follow-up events only the referral. */
  private async rememberReferral(event: EventEnvelope, m: EntityManager): Promise<void> {
    const parsed = referralParties.safeParse(event.payload);
    if (!parsed.success) return;
    const p = parsed.data;
    await m.query(
      `INSERT INTO gateway.notification_referrals (referral_id, community_id, direction, from_institution_id, to_institution_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (referral_id) DO NOTHING`,
      [p.referralId, event.communityId, p.direction, p.fromInstitutionId, p.toInstitutionId],
    );
  }

  /** Lookups stay inside the event's community: an id from elsewhere finds nothing. */
  private lookup(m: EntityManager, communityId: string): NoticeLookup {
    return {
      institutionName: async (id) => {
        const [row] = await m.query(
          `SELECT name FROM gateway.institutions WHERE id = $1 AND community_id = $2`,
          [id, communityId],
        );
        return row?.name as string | undefined;
      },
      referralParties: async (referralId) => {
        const [row] = await m.query(
          `SELECT direction, from_institution_id AS "fromInstitutionId", to_institution_id AS "toInstitutionId"
             FROM gateway.notification_referrals WHERE referral_id = $1 AND community_id = $2`,
          [referralId, communityId],
        );
        return row ?? undefined;
      },
    };
  }
}

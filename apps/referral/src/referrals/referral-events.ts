import { EntityManager } from 'typeorm';
import { Actor, EventPayload, ReferralStatus, writeOutbox } from '@app/shared';
import { REFERRAL_SCHEMA } from '../common/tokens';
import { ReferralRow } from './referral.queries';

/** The event each status is announced with; REDIRECTED alone carries more (the new referral). */
export const EVENT_ON_STATUS = {
  SUBMITTED: 'referral.submitted',
  ACCEPTED: 'referral.accepted',
  REJECTED: 'referral.rejected',
  REDIRECTED: 'referral.redirected',
  ARRIVED: 'referral.arrived',
  COMPLETED: 'referral.completed',
  CANCELLED: 'referral.cancelled',
  EXPIRED: 'referral.expired',
  NO_SHOW: 'referral.no_show',
} as const satisfies Record<ReferralStatus, string>;

/** What every referral event says: which referral, between whom, now in which status, and why. */
export function eventBody(
  row: ReferralRow,
  status: ReferralStatus,
  actor: Actor | null,
  reason: string | null,
): EventPayload<'referral.submitted'> {
  return {
    referralId: row.id,
    direction: row.direction,
    fromInstitutionId: row.from_institution_id,
    toInstitutionId: row.to_institution_id,
    patientId: row.patient_id,
    status,
    actorId: actor?.id ?? null,
    reason,
  };
}

/**
 * Every status change writes its audit row (referral.transitions; `system` when no one acted)
 * and its event, in the caller's transaction.
 */
export async function recordTransition(
  m: EntityManager,
  row: ReferralRow,
  from: ReferralStatus | null,
  to: ReferralStatus,
  actor: Actor | null,
  reason: string | null,
): Promise<void> {
  await m.query(
    `INSERT INTO referral.transitions (referral_id, from_status, to_status, actor_id, actor_name, actor_institution_id, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      row.id,
      from,
      to,
      actor?.id ?? null,
      actor?.name ?? 'system',
      actor?.institutionId ?? null,
      reason,
    ],
  );
  const body = eventBody(row, to, actor, reason);
  const base = { aggregateType: 'referral', aggregateId: row.id, communityId: row.community_id };
  if (to === 'REDIRECTED') {
    await writeOutbox(m, REFERRAL_SCHEMA, {
      ...base,
      type: EVENT_ON_STATUS.REDIRECTED,
      payload: { ...body, newReferralId: row.redirected_to_referral_id! },
    });
    return;
  }
  await writeOutbox(m, REFERRAL_SCHEMA, { ...base, type: EVENT_ON_STATUS[to], payload: body });
}

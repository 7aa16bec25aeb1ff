import { EntityManager } from 'typeorm';
import {
  Actor,
  hasRole,
  ParsedRequestOf,
  ReferralContracts,
  ReferralDetail,
  ReferralStatus,
  ReferralSummary,
} from '@app/shared';
import { iso, isoRequired } from '../common/time';
import { FHIR_TASK_STATUS } from './lifecycle';

export interface ReferralRow {
  id: string;
  community_id: string;
  direction: 'UP' | 'DOWN';
  status: ReferralStatus;
  from_institution_id: string;
  to_institution_id: string;
  to_department_id: string | null;
  patient_id: string;
  family_doctor_signed: boolean;
  diagnoses: string[];
  reason: string;
  urgency: string;
  green_channel: string | null;
  clinical_summary: string;
  justification: string | null;
  out_of_catalog: boolean;
  attachments: ReferralDetail['attachments'];
  continues_referral_id: string | null;
  redirected_to_referral_id: string | null;
  completion_summary: string | null;
  created_by: string;
  created_by_name: string;
  submitted_at: Date;
  accepted_at: Date | null;
  arrived_at: Date | null;
  completed_at: Date | null;
  respond_by: Date;
  updated_at: Date;
}

export function toSummary(r: ReferralRow): ReferralSummary {
  return {
    id: r.id,
    direction: r.direction,
    status: r.status,
    fromInstitutionId: r.from_institution_id,
    toInstitutionId: r.to_institution_id,
    patientId: r.patient_id,
    urgency: r.urgency,
    greenChannel: r.green_channel,
    outOfCatalog: r.out_of_catalog,
    createdAt: isoRequired(r.submitted_at),
    updatedAt: isoRequired(r.updated_at),
  };
}

export type ListReferralsQuery = ParsedRequestOf<typeof ReferralContracts.list>;

/**
 * The receiver's inbox: what awaits an answer first, green channels at the top, then 签约
 * residents (seed 001 四(六) 优先接诊), then the newest.
 */
export const INBOX_ORDER = `(status = 'SUBMITTED') DESC, (green_channel IS NOT NULL) DESC, family_doctor_signed DESC,`;

/**
 * The WHERE clause and its arguments: the actor's institution on the asked side (a community
 * admin's user sees the whole community), then the optional filters.
 */
export function listFilter(
  actor: Actor,
  q: ListReferralsQuery,
): { where: string; args: unknown[] } {
  const admin = hasRole(actor, 'community_admin') && actor.kind === 'user';
  const side = {
    sent: 'from_institution_id = $2',
    received: 'to_institution_id = $2',
    any: '(from_institution_id = $2 OR to_institution_id = $2)',
  }[q.role];
  // Every parameter is referenced whoever asks: PostgreSQL cannot type one that is not.
  const where = `community_id = $1 AND ($5::boolean OR ${side}) AND ($3::text IS NULL OR status = $3)
      AND ($4::uuid IS NULL OR patient_id = $4) AND ($6::text[] IS NULL OR status = ANY($6))
      AND ($7::uuid IS NULL OR from_institution_id = $7) AND ($8::uuid IS NULL OR to_institution_id = $8)
      AND ($9::timestamptz IS NULL OR updated_at >= $9) AND ($10::timestamptz IS NULL OR updated_at < $10)`;
  const args = [
    actor.communityId,
    actor.institutionId,
    q.status ?? null,
    q.patientId ?? null,
    admin,
    q.statuses ?? null,
    q.fromInstitutionId ?? null,
    q.toInstitutionId ?? null,
    q.updatedFrom ?? null,
    q.updatedTo ?? null,
  ];
  return { where, args };
}

/** What loadDetail's query answers: JSON built by PostgreSQL, its times as strings. */
interface DetailExtrasRow {
  reservation: NonNullable<ReferralDetail['reservation']> | null;
  transitions: ReferralDetail['transitions'];
  followUp: NonNullable<ReferralDetail['followUp']> | null;
}

/** The referral with its latest reservation, transitions and follow-up, in one round trip. */
export async function loadDetail(m: EntityManager, r: ReferralRow): Promise<ReferralDetail> {
  const [extra]: DetailExtrasRow[] = await m.query(
    `SELECT
       (SELECT json_build_object('id', rv.id, 'kind', rv.kind, 'slotId', rv.slot_id, 'bedId', rv.bed_id, 'status', rv.status,
                                 'emergency', rv.emergency, 'expiresAt', rv.expires_at, 'releaseReason', rv.release_reason,
                                 'startsAt', sl.starts_at, 'endsAt', sl.ends_at)
          FROM referral.reservations rv LEFT JOIN referral.slots sl ON sl.id = rv.slot_id
         WHERE rv.referral_id = $1 ORDER BY rv.created_at DESC LIMIT 1) AS reservation,
       (SELECT coalesce(json_agg(json_build_object('fromStatus', from_status, 'toStatus', to_status, 'actorId', actor_id,
                                 'actorName', actor_name, 'reason', reason, 'at', at) ORDER BY id), '[]')
          FROM referral.transitions WHERE referral_id = $1) AS transitions,
       (SELECT json_build_object('id', id, 'dueAt', due_at, 'status', status, 'outcome', outcome)
          FROM referral.follow_ups WHERE referral_id = $1) AS "followUp"`,
    [r.id],
  );
  const { reservation, transitions, followUp } = extra;
  return {
    ...toSummary(r),
    toDepartmentId: r.to_department_id,
    diagnoses: r.diagnoses,
    reason: r.reason,
    clinicalSummary: r.clinical_summary,
    justification: r.justification,
    attachments: r.attachments,
    familyDoctorSigned: r.family_doctor_signed,
    continuesReferralId: r.continues_referral_id,
    redirectedToReferralId: r.redirected_to_referral_id,
    completionSummary: r.completion_summary,
    respondBy: isoRequired(r.respond_by),
    acceptedAt: iso(r.accepted_at),
    arrivedAt: iso(r.arrived_at),
    completedAt: iso(r.completed_at),
    fhirTaskStatus: FHIR_TASK_STATUS[r.status],
    reservation: reservation
      ? {
          ...reservation,
          expiresAt: iso(reservation.expiresAt),
          startsAt: iso(reservation.startsAt),
          endsAt: iso(reservation.endsAt),
        }
      : null,
    transitions: transitions.map((t) => ({ ...t, at: isoRequired(t.at) })),
    followUp: followUp ? { ...followUp, dueAt: isoRequired(followUp.dueAt) } : null,
  };
}

import { EntityManager } from 'typeorm';
import { ReferralDetail, ReferralStatus, ReferralSummary } from '@app/shared';
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
  };
}

export async function loadDetail(m: EntityManager, r: ReferralRow): Promise<ReferralDetail> {
  const [reservation] = await m.query(
    `SELECT id, kind, slot_id AS "slotId", bed_id AS "bedId", status, emergency, expires_at AS "expiresAt", release_reason AS "releaseReason"
       FROM referral.reservations WHERE referral_id = $1 ORDER BY created_at DESC LIMIT 1`,
    [r.id],
  );
  const transitions = await m.query(
    `SELECT from_status AS "fromStatus", to_status AS "toStatus", actor_id AS "actorId", actor_name AS "actorName", reason, at
       FROM referral.transitions WHERE referral_id = $1 ORDER BY id`,
    [r.id],
  );
  const [followUp] = await m.query(
    `SELECT id, due_at AS "dueAt", status, outcome FROM referral.follow_ups WHERE referral_id = $1`,
    [r.id],
  );
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
    reservation: reservation ? { ...reservation, expiresAt: iso(reservation.expiresAt) } : null,
    transitions: transitions.map((t: { at: Date }) => ({ ...t, at: isoRequired(t.at) })),
    followUp: followUp ? { ...followUp, dueAt: isoRequired(followUp.dueAt) } : null,
  };
}

import { EntityManager } from 'typeorm';
import { AppError, Priority, rowsOf, writeOutbox } from '@app/shared';
import { DIAGNOSIS_SCHEMA } from '../migrations';
import { mostUrgent } from './priority';
import type { StudyRow } from './study.queries';

export interface CenterSettings {
  requires_senior_approval: boolean;
  stat_minutes: number;
  urgent_minutes: number;
  routine_minutes: number;
  lease_minutes: number;
}

export async function centerSettings(m: EntityManager, centerId: string): Promise<CenterSettings> {
  await m.query(
    `INSERT INTO diagnosis.center_settings (center_id) VALUES ($1) ON CONFLICT DO NOTHING`,
    [centerId],
  );
  const [row] = await m.query(
    `SELECT requires_senior_approval, stat_minutes::float, urgent_minutes::float, routine_minutes::float, lease_minutes::float
       FROM diagnosis.center_settings WHERE center_id = $1`,
    [centerId],
  );
  return row;
}

/** A reading center (imaging or ECG) of the community, or a 400 naming the field. */
export async function assertReadingCenter(
  m: EntityManager,
  centerId: string,
  communityId: string,
): Promise<void> {
  const [center] = await m.query(
    `SELECT d.id FROM diagnosis.dir_departments d JOIN diagnosis.dir_institutions i ON i.id = d.institution_id
      WHERE d.id = $1 AND i.community_id = $2 AND d.kind IN ('IMAGING_CENTER', 'ECG_CENTER')`,
    [centerId, communityId],
  );
  if (!center)
    throw AppError.validation('centerId: no such reading center in your community', [
      { path: 'centerId', message: 'unknown center' },
    ]);
}

export interface QueueRequest {
  centerId: string;
  priority: Priority;
  clinicalHistory: string;
  question: string;
  patientId?: string | null;
  familyDoctorSigned: boolean;
}

/**
 * D3: a study (locked by the caller, RECEIVED or RETURNED) joins its reading center's queue
 * with a due time from the center's turnaround targets. One place for the 申请单 and for a study
 * that arrived for an exam order, so both queue alike.
 */
export async function queueStudy(
  m: EntityManager,
  row: StudyRow,
  q: QueueRequest,
  requester: { id: string; name: string },
): Promise<StudyRow> {
  const s = await centerSettings(m, q.centerId);
  // An ECG analyzer's suggestion can only make the reading more urgent, never less.
  const priority = mostUrgent(q.priority, row.suggested_priority) ?? q.priority;
  const minutes = { STAT: s.stat_minutes, URGENT: s.urgent_minutes, ROUTINE: s.routine_minutes }[
    priority
  ];
  const [updated] = await rowsOf<StudyRow>(
    m,
    `UPDATE diagnosis.studies SET status = 'QUEUED', center_id = $2, priority = $3, clinical_history = $4, question = $5,
       patient_id = coalesce($6, patient_id), requested_by = $7, requested_by_name = $8, requested_at = now(),
       due_at = now() + make_interval(secs => $9::float8 * 60), escalated_at = NULL, returned_reason = NULL,
       family_doctor_signed = $10
     WHERE id = $1 RETURNING *`,
    [
      row.id,
      q.centerId,
      priority,
      q.clinicalHistory,
      q.question,
      q.patientId ?? null,
      requester.id,
      requester.name,
      minutes,
      q.familyDoctorSigned,
    ],
  );
  await writeOutbox(m, DIAGNOSIS_SCHEMA, {
    type: 'study.queued',
    aggregateType: 'study',
    aggregateId: updated.id,
    communityId: updated.community_id,
    // Whose study it is travels with every study event (webhooks route by it).
    payload: {
      studyId: updated.id,
      centerId: q.centerId,
      priority,
      institutionId: updated.institution_id,
    },
  } as never);
  return updated;
}

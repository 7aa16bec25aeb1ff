import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  AppError,
  EventPayload,
  EventType,
  rowsOf,
  StudyDetail,
  writeOutbox,
} from '@app/shared';
import { DIAGNOSIS_SCHEMA } from '../migrations';

export interface StudyRow {
  id: string;
  community_id: string;
  institution_id: string;
  patient_id: string | null;
  study_instance_uid: string;
  modality: string | null;
  status: string;
  received_at: Date;
  instance_count: number;
  center_id: string | null;
  priority: 'STAT' | 'URGENT' | 'ROUTINE' | null;
  clinical_history: string | null;
  question: string | null;
  requested_at: Date | null;
  due_at: Date | null;
  lease_owner: string | null;
  lease_owner_name: string | null;
  lease_expires_at: Date | null;
  returned_reason: string | null;
  suggested_priority: 'STAT' | 'URGENT' | 'ROUTINE' | null;
}

type ReportStatus = StudyDetail['reports'][number]['status'];

/** A report version as loadStudy selects it (timestamps as JSON text, not yet normalised). */
interface ReportVersionRow {
  version: number;
  status: ReportStatus;
  findings: string;
  impression: string;
  authorId: string;
  authorName: string;
  signedAt: string | null;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: string | null;
  amendReason: string | null;
  createdAt: string;
}

type InstanceRow = StudyDetail['instances'][number];

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** The study with its report versions; `finalOnly` for the submitting clinic's view. */
export async function loadStudy(
  m: EntityManager,
  row: StudyRow,
  finalOnly: boolean,
): Promise<StudyDetail> {
  // One round trip for both lists (issue 16 item 3): every read of a study, claims included,
  // paid two before. Timestamps come back as JSON text and are normalised below.
  const [lists] = await rowsOf<{ versions: ReportVersionRow[]; instances: InstanceRow[] }>(
    m,
    `SELECT coalesce((SELECT json_agg(v ORDER BY v.version) FROM (
              SELECT version, status, findings, impression, author_id AS "authorId", author_name AS "authorName",
                     signed_at AS "signedAt", approved_by AS "approvedBy", approved_by_name AS "approvedByName",
                     approved_at AS "approvedAt", amend_reason AS "amendReason", created_at AS "createdAt"
                FROM diagnosis.report_versions
               WHERE study_id = $1 ${finalOnly ? `AND status IN ('FINAL', 'SUPERSEDED')` : ''}) v), '[]') AS versions,
            coalesce((SELECT json_agg(i ORDER BY i."seriesInstanceUid", i."sopInstanceUid") FROM (
              SELECT i.id, i.sop_instance_uid AS "sopInstanceUid", i.sop_class_uid AS "sopClassUid",
                     se.series_instance_uid AS "seriesInstanceUid", i.size_bytes::float8 AS "sizeBytes", i.ecg
                FROM diagnosis.instances i JOIN diagnosis.series se ON se.id = i.series_id
               WHERE i.study_id = $1 ORDER BY se.series_instance_uid, i.sop_instance_uid LIMIT 1000) i), '[]') AS instances`,
    [row.id],
  );
  const { versions, instances } = lists;
  return {
    id: row.id,
    studyInstanceUid: row.study_instance_uid,
    modality: row.modality,
    status: row.status,
    institutionId: row.institution_id,
    patientId: row.patient_id,
    receivedAt: new Date(row.received_at).toISOString(),
    centerId: row.center_id,
    priority: row.priority,
    clinicalHistory: row.clinical_history,
    question: row.question,
    requestedAt: iso(row.requested_at),
    dueAt: iso(row.due_at),
    instanceCount: row.instance_count,
    lease:
      row.lease_owner && row.lease_expires_at
        ? {
            readerId: row.lease_owner,
            readerName: row.lease_owner_name ?? '',
            expiresAt: iso(row.lease_expires_at)!,
          }
        : null,
    returnedReason: row.returned_reason,
    suggestedPriority: row.suggested_priority,
    instances,
    reports: versions.map((v) => ({
      ...v,
      signedAt: iso(v.signedAt),
      approvedAt: iso(v.approvedAt),
      createdAt: iso(v.createdAt)!,
    })),
  };
}

/**
 * The study of the actor's community, locked for the rest of the transaction: every step of
 * the reading workflow takes this lock first, so two readers never interleave on one study.
 */
export async function lockStudy(
  m: EntityManager,
  actor: Actor,
  studyId: string,
): Promise<StudyRow> {
  const [row] = await rowsOf<StudyRow>(
    m,
    `SELECT * FROM diagnosis.studies WHERE id = $1 AND community_id = $2 FOR UPDATE`,
    [studyId, actor.communityId],
  );
  if (!row) throw AppError.notFound('Study');
  return row;
}

/**
 * Every step on one study starts alike: one transaction, the study locked first (so two readers
 * never interleave on it), then the step's own access check on the locked row, before anything
 * else is read or written. The step returns the study as its reader sees it afterwards.
 */
export function onLockedStudy(
  ds: DataSource,
  actor: Actor,
  studyId: string,
  check: (row: StudyRow) => void,
  step: (m: EntityManager, row: StudyRow) => Promise<StudyDetail>,
): Promise<StudyDetail> {
  return ds.transaction(async (m) => {
    const row = await lockStudy(m, actor, studyId);
    check(row);
    return step(m, row);
  });
}

/** A study event in the caller's transaction; whose study it is travels with every one. */
export async function writeStudyEvent<T extends EventType>(
  m: EntityManager,
  row: StudyRow,
  type: T,
  payload: Omit<EventPayload<T>, 'institutionId'>,
): Promise<void> {
  await writeOutbox(m, DIAGNOSIS_SCHEMA, {
    type,
    aggregateType: 'study',
    aggregateId: row.id,
    communityId: row.community_id,
    // Webhooks route study events by the submitting institution.
    payload: { ...payload, institutionId: row.institution_id } as EventPayload<T>,
  });
}

/** Back to the queue with no lease: a reader let go of it, or the sweep found its lease expired. */
export async function requeueStudy(
  m: EntityManager,
  row: StudyRow,
  reason: string,
): Promise<StudyRow> {
  const [updated] = await rowsOf<StudyRow>(
    m,
    `UPDATE diagnosis.studies SET status = 'QUEUED', lease_owner = NULL, lease_owner_name = NULL, lease_expires_at = NULL
      WHERE id = $1 RETURNING *`,
    [row.id],
  );
  await writeStudyEvent(m, row, 'study.released', {
    studyId: row.id,
    centerId: row.center_id!,
    priority: row.priority!,
    reason,
  });
  return updated;
}

/** A newly final version supersedes every earlier final one; only one report is in force. */
export async function supersedeFinalReports(
  m: EntityManager,
  studyId: string,
  keep: number,
): Promise<void> {
  await m.query(
    `UPDATE diagnosis.report_versions SET status = 'SUPERSEDED' WHERE study_id = $1 AND status = 'FINAL' AND version <> $2`,
    [studyId, keep],
  );
}

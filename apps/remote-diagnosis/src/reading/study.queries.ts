import { EntityManager } from 'typeorm';
import { StudyDetail } from '@app/shared';

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

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** The study with its report versions; `finalOnly` for the submitting clinic's view. */
export async function loadStudy(
  m: EntityManager,
  row: StudyRow,
  finalOnly: boolean,
): Promise<StudyDetail> {
  const versions = await m.query(
    `SELECT version, status, findings, impression, author_id AS "authorId", author_name AS "authorName", signed_at AS "signedAt",
            approved_by AS "approvedBy", approved_by_name AS "approvedByName", approved_at AS "approvedAt",
            amend_reason AS "amendReason", created_at AS "createdAt"
       FROM diagnosis.report_versions WHERE study_id = $1 ${finalOnly ? `AND status IN ('FINAL', 'SUPERSEDED')` : ''} ORDER BY version`,
    [row.id],
  );
  const instances = await m.query(
    `SELECT i.id, i.sop_instance_uid AS "sopInstanceUid", i.sop_class_uid AS "sopClassUid",
            se.series_instance_uid AS "seriesInstanceUid", i.size_bytes::float8 AS "sizeBytes", i.ecg
       FROM diagnosis.instances i JOIN diagnosis.series se ON se.id = i.series_id
      WHERE i.study_id = $1 ORDER BY se.series_instance_uid, i.sop_instance_uid LIMIT 1000`,
    [row.id],
  );
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
    reports: versions.map((v: Record<string, Date | string | null>) => ({
      ...v,
      signedAt: iso(v.signedAt as Date | null),
      approvedAt: iso(v.approvedAt as Date | null),
      createdAt: iso(v.createdAt as Date)!,
    })),
  };
}

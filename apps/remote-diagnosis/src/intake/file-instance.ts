import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor, AppError, RegisteredInstance, RegisterInstance, writeOutbox } from '@app/shared';
import { DIAGNOSIS_SCHEMA } from '../migrations';
import { queueForOrder } from '../orders/queue-for-order';
import { applySuggestedPriority } from './suggested-priority';

type Header = RegisterInstance['header'];

/**
 * What one registration transaction has learnt so far. The study and series rows are locked
 * by this transaction once seen, so the next instance of the same series needs neither
 * their INSERT … ON CONFLICT nor their SELECT again; the instance counters are added once per
 * row when the transaction ends instead of once per instance.
 */
export class Filing {
  readonly studies = new Map<string, string>();
  readonly series = new Map<string, { id: string; studyId: string }>();
  readonly studyCounts = new Map<string, number>();
  readonly seriesCounts = new Map<string, number>();

  /** Forget what a refused item (rolled back to its savepoint) may have added. */
  forgetUncommitted(studiesBefore: Set<string>, seriesBefore: Set<string>): void {
    for (const uid of this.studies.keys()) if (!studiesBefore.has(uid)) this.studies.delete(uid);
    for (const uid of this.series.keys()) if (!seriesBefore.has(uid)) this.series.delete(uid);
  }

  count(studyId: string, seriesId: string): void {
    this.studyCounts.set(studyId, (this.studyCounts.get(studyId) ?? 0) + 1);
    this.seriesCounts.set(seriesId, (this.seriesCounts.get(seriesId) ?? 0) + 1);
  }

  /** The instance counters, one UPDATE per table for the whole batch. */
  async flushCounts(m: EntityManager): Promise<void> {
    for (const [table, counts] of [
      ['studies', this.studyCounts],
      ['series', this.seriesCounts],
    ] as const) {
      if (counts.size === 0) continue;
      await m.query(
        `UPDATE diagnosis.${table} t SET instance_count = t.instance_count + c.n
           FROM unnest($1::uuid[], $2::int[]) AS c(id, n) WHERE t.id = c.id`,
        [[...counts.keys()], [...counts.values()]],
      );
    }
  }
}

/**
 * D1 indexing of one instance whose bytes the gateway has stored: filed under its series and
 * study. The SOP Instance UID is the identity: sending it again changes nothing.
 */
export async function fileInstance(
  m: EntityManager,
  actor: Actor,
  input: RegisterInstance,
  filing: Filing,
): Promise<RegisteredInstance> {
  const h = input.header;
  const studyId = await study(m, actor, h, filing);
  const seriesId = await series(m, actor, studyId, h, filing);
  const [inserted] = await m.query<{ id: string }[]>(
    `INSERT INTO diagnosis.instances (id, study_id, series_id, sop_instance_uid, sop_class_uid, transfer_syntax_uid, blob_key, size_bytes, sha256, uploaded_by, ecg, institution_id,
            instance_number, rows, columns, number_of_frames, character_set_supported, metadata_blob_key, frames)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     ON CONFLICT (institution_id, sop_instance_uid) DO NOTHING RETURNING id`,
    [
      randomUUID(),
      studyId,
      seriesId,
      h.sopInstanceUid,
      h.sopClassUid,
      h.transferSyntaxUid,
      input.blob.key,
      input.blob.size,
      input.blob.sha256,
      actor.id,
      input.ecg ? JSON.stringify(input.ecg) : null,
      actor.institutionId,
      h.instanceNumber,
      h.rows,
      h.columns,
      h.numberOfFrames,
      h.characterSetSupported,
      input.metadataBlobKey,
      input.frames ? JSON.stringify(input.frames) : null,
    ],
  );
  const registered = { studyId, seriesId, sopInstanceUid: h.sopInstanceUid };
  if (inserted) {
    filing.count(studyId, seriesId);
    if (input.ecg?.suggestedPriority)
      await applySuggestedPriority(m, studyId, input.ecg.suggestedPriority, input.ecg);
    return { ...registered, instanceId: inserted.id, created: true, duplicateBlobKey: null };
  }
  const [existing] = await m.query<{ id: string; study_id: string; series_id: string }[]>(
    `SELECT id, study_id, series_id FROM diagnosis.instances WHERE institution_id = $1 AND sop_instance_uid = $2`,
    [actor.institutionId, h.sopInstanceUid],
  );
  if (existing.study_id !== studyId || existing.series_id !== seriesId) {
    throw AppError.conflict(
      'This SOP Instance UID is already stored under another study or series',
    );
  }
  return {
    ...registered,
    instanceId: existing.id,
    created: false,
    duplicateBlobKey: input.blob.key,
  };
}

async function study(m: EntityManager, actor: Actor, h: Header, filing: Filing): Promise<string> {
  const known = filing.studies.get(h.studyInstanceUid);
  if (known) return known;
  const [created] = await m.query<{ id: string }[]>(
    `INSERT INTO diagnosis.studies (id, community_id, institution_id, study_instance_uid, modality, status, study_date, accession_number, uploaded_by,
            patient_name, dicom_patient_id, patient_birth_date, patient_sex, study_time, referring_physician_name, study_description, dicom_study_id)
     VALUES ($1, $2, $3, $4, $5, 'RECEIVED', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (institution_id, study_instance_uid) DO NOTHING RETURNING id`,
    [
      randomUUID(),
      actor.communityId,
      actor.institutionId,
      h.studyInstanceUid,
      h.modality,
      h.studyDate,
      h.accessionNumber,
      actor.id,
      // The study-level attributes as the first instance states them (they are the same
      // in every instance of a well-formed study).
      h.patientName,
      h.patientId,
      h.patientBirthDate,
      h.patientSex,
      h.studyTime,
      h.referringPhysicianName,
      h.studyDescription,
      h.studyId,
    ],
  );
  let id: string;
  if (created) {
    await writeOutbox(m, DIAGNOSIS_SCHEMA, {
      type: 'study.received',
      aggregateType: 'study',
      aggregateId: created.id,
      communityId: actor.communityId,
      payload: { studyId: created.id, institutionId: actor.institutionId },
    });
    await queueForOrder(m, actor, created.id, h);
    id = created.id;
  } else {
    // UIDs are scoped to the submitting institution: another clinic's (or community's) study
    // with the same UID is a different study here, neither revealed nor blocked.
    const [existing] = await m.query<{ id: string }[]>(
      `SELECT id FROM diagnosis.studies WHERE institution_id = $1 AND study_instance_uid = $2 FOR UPDATE`,
      [actor.institutionId, h.studyInstanceUid],
    );
    id = existing.id;
  }
  filing.studies.set(h.studyInstanceUid, id);
  return id;
}

async function series(
  m: EntityManager,
  actor: Actor,
  studyId: string,
  h: Header,
  filing: Filing,
): Promise<string> {
  const uid = h.seriesInstanceUid;
  const known = filing.series.get(uid);
  if (known) {
    if (known.studyId !== studyId)
      throw AppError.conflict('This Series Instance UID belongs to another study');
    return known.id;
  }
  const [created] = await m.query<{ id: string }[]>(
    `INSERT INTO diagnosis.series (id, study_id, series_instance_uid, modality, institution_id, series_number, series_description, body_part)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (institution_id, series_instance_uid) DO NOTHING RETURNING id`,
    [
      randomUUID(),
      studyId,
      uid,
      h.modality,
      actor.institutionId,
      h.seriesNumber,
      h.seriesDescription,
      h.bodyPartExamined,
    ],
  );
  if (created) {
    // ModalitiesInStudy and NumberOfStudyRelatedSeries, kept as series arrive (QIDO-RS).
    await m.query(
      `UPDATE diagnosis.studies SET series_count = series_count + 1,
              modalities = CASE WHEN $2::text IS NULL OR $2 = ANY(modalities) THEN modalities ELSE modalities || $2::text END
        WHERE id = $1`,
      [studyId, h.modality],
    );
    filing.series.set(uid, { id: created.id, studyId });
    return created.id;
  }
  const [existing] = await m.query<{ id: string; study_id: string }[]>(
    `SELECT id, study_id FROM diagnosis.series WHERE institution_id = $1 AND series_instance_uid = $2`,
    [actor.institutionId, uid],
  );
  if (existing.study_id !== studyId)
    throw AppError.conflict('This Series Instance UID belongs to another study');
  filing.series.set(uid, { id: existing.id, studyId: existing.study_id });
  return existing.id;
}

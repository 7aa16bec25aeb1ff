import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  Actor,
  AppError,
  EcgSummary,
  hasRole,
  Priority,
  registerInstanceSchema,
  RegisteredInstance,
  writeOutbox,
} from '@app/shared';
import { targetMinutesSql } from '../centers/turnaround-target';
import { DIAGNOSIS_SCHEMA } from '../migrations';
import { queueForOrder } from '../orders/queue-for-order';
import { mostUrgent } from '../reading/priority';

type Register = z.infer<typeof registerInstanceSchema>;

/**
 * D1 indexing: an instance whose bytes the gateway has stored is filed under its series and
 * study. The SOP Instance UID is the identity: sending it again changes nothing.
 */
@Injectable()
export class IntakeService {
  constructor(private readonly ds: DataSource) {}

  async register(actor: Actor, input: Register): Promise<RegisteredInstance> {
    // A registered modality (DIMSE) carries studies:write for its institution, as an engine does.
    const uploader =
      actor.kind === 'user'
        ? hasRole(actor, 'clinician')
        : actor.scopes.includes('studies:write') || actor.scopes.includes('dicomweb:write');
    if (!uploader)
      throw AppError.forbidden(
        'Only clinicians, registered modalities, or integration engines with studies:write or dicomweb:write upload studies',
      );
    return this.ds.transaction(async (m) => {
      const h = input.header;
      const studyId = await this.study(m, actor, input);
      const seriesId = await this.series(m, actor, studyId, h);
      const [inserted] = await m.query(
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
      if (inserted) {
        await m.query(
          `UPDATE diagnosis.series SET instance_count = instance_count + 1 WHERE id = $1`,
          [seriesId],
        );
        await m.query(
          `UPDATE diagnosis.studies SET instance_count = instance_count + 1 WHERE id = $1`,
          [studyId],
        );
        if (input.ecg?.suggestedPriority)
          await this.applySuggestedPriority(m, studyId, input.ecg.suggestedPriority, input.ecg);
        return {
          studyId,
          seriesId,
          instanceId: inserted.id,
          sopInstanceUid: h.sopInstanceUid,
          created: true,
          duplicateBlobKey: null,
        };
      }
      const [existing] = await m.query(
        `SELECT id, study_id, series_id FROM diagnosis.instances WHERE institution_id = $1 AND sop_instance_uid = $2`,
        [actor.institutionId, h.sopInstanceUid],
      );
      if (existing.study_id !== studyId || existing.series_id !== seriesId) {
        throw AppError.conflict(
          'This SOP Instance UID is already stored under another study or series',
        );
      }
      return {
        studyId,
        seriesId,
        instanceId: existing.id,
        sopInstanceUid: h.sopInstanceUid,
        created: false,
        duplicateBlobKey: input.blob.key,
      };
    });
  }

  /**
   * D2: an analyzer's finding asks for a more urgent reading. The study remembers the most
   * urgent suggestion (a later reading request takes it into account); a study already in
   * the queue is raised at once, with an event, so a STAT ECG does not wait behind routine work.
   */
  private async applySuggestedPriority(
    m: EntityManager,
    studyId: string,
    suggested: Priority,
    ecg: EcgSummary,
  ): Promise<void> {
    const [row] = await m.query(
      `SELECT community_id, status, center_id, priority, suggested_priority FROM diagnosis.studies WHERE id = $1 FOR UPDATE`,
      [studyId],
    );
    await m.query(`UPDATE diagnosis.studies SET suggested_priority = $2 WHERE id = $1`, [
      studyId,
      mostUrgent(row.suggested_priority, suggested),
    ]);
    const raised = mostUrgent(row.priority, suggested) ?? suggested;
    if (!['QUEUED', 'IN_PROGRESS'].includes(row.status) || raised === row.priority) return;
    // A more urgent reading is due sooner: never later than the raised priority's target from now.
    await m.query(
      `UPDATE diagnosis.studies SET priority = $2,
         due_at = least(due_at, now() + make_interval(secs => ${targetMinutesSql('$2::text', 'studies.center_id')} * 60))
       WHERE id = $1`,
      [studyId, raised],
    );
    await writeOutbox(m, DIAGNOSIS_SCHEMA, {
      type: 'study.priority_raised',
      aggregateType: 'study',
      aggregateId: studyId,
      communityId: row.community_id,
      payload: {
        studyId,
        centerId: row.center_id as string, // set whenever the study is queued or in progress
        priority: raised,
        from: row.priority,
        reason: ecg.findings.map((f) => f.description).join('; ') || 'ECG analysis',
      },
    });
  }

  private async study(m: EntityManager, actor: Actor, input: Register): Promise<string> {
    const h = input.header;
    const [created] = await m.query(
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
    if (created) {
      await writeOutbox(m, DIAGNOSIS_SCHEMA, {
        type: 'study.received',
        aggregateType: 'study',
        aggregateId: created.id,
        communityId: actor.communityId,
        payload: { studyId: created.id, institutionId: actor.institutionId },
      });
      await queueForOrder(m, actor, created.id, h);
      return created.id;
    }
    // UIDs are scoped to the submitting institution: another clinic's (or community's) study
    // with the same UID is a different study here, neither revealed nor blocked.
    const [existing] = await m.query(
      `SELECT id FROM diagnosis.studies WHERE institution_id = $1 AND study_instance_uid = $2 FOR UPDATE`,
      [actor.institutionId, h.studyInstanceUid],
    );
    return existing.id;
  }

  private async series(
    m: EntityManager,
    actor: Actor,
    studyId: string,
    h: Register['header'],
  ): Promise<string> {
    const uid = h.seriesInstanceUid;
    const [created] = await m.query(
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
      return created.id;
    }
    const [existing] = await m.query(
      `SELECT id, study_id FROM diagnosis.series WHERE institution_id = $1 AND series_instance_uid = $2`,
      [actor.institutionId, uid],
    );
    if (existing.study_id !== studyId)
      throw AppError.conflict('This Series Instance UID belongs to another study');
    return existing.id;
  }
}

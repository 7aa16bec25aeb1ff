import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  Actor,
  AppError,
  ErrorCode,
  hasRole,
  readsFor,
  requestReadingSchema,
  rowsOf,
  StudyDetail,
  writeOutbox,
} from '@app/shared';
import { DIAGNOSIS_SCHEMA } from '../migrations';
import { assertReadingCenter, centerSettings, CenterSettings, queueStudy } from './queue-study';
import { loadStudy, StudyRow } from './study.queries';

type RequestReading = z.infer<typeof requestReadingSchema>;

const READERS = ['reader', 'senior_reader'] as const;

/**
 * D3–D5: the reading request (申请单), claiming under a lease, and reports from draft to
 * final. Every step locks the study row; the lease owner is the only one who may write.
 */
@Injectable()
export class ReadingService {
  constructor(private readonly ds: DataSource) {}

  private settings(m: EntityManager, centerId: string): Promise<CenterSettings> {
    return centerSettings(m, centerId);
  }

  private async lock(m: EntityManager, actor: Actor, studyId: string): Promise<StudyRow> {
    const [row] = await m.query(
      `SELECT * FROM diagnosis.studies WHERE id = $1 AND community_id = $2 FOR UPDATE`,
      [studyId, actor.communityId],
    );
    if (!row) throw AppError.notFound('Study');
    return row;
  }

  private async event(
    m: EntityManager,
    row: StudyRow,
    type: Parameters<typeof writeOutbox>[2]['type'],
    payload: object,
  ) {
    await writeOutbox(m, DIAGNOSIS_SCHEMA, {
      type,
      aggregateType: 'study',
      aggregateId: row.id,
      communityId: row.community_id,
      // Whose study it is travels with every study event (webhooks route by it).
      payload: { ...payload, institutionId: row.institution_id },
    } as never);
  }

  async request(actor: Actor, q: RequestReading): Promise<StudyDetail> {
    if (
      !hasRole(actor, 'clinician') &&
      !(actor.kind === 'api_client' && actor.scopes.includes('studies:write'))
    ) {
      throw AppError.forbidden('Only the submitting clinic requests a reading');
    }
    return this.ds.transaction(async (m) => {
      const row = await this.lock(m, actor, q.studyId);
      if (row.institution_id !== actor.institutionId) throw AppError.notFound('Study');
      if (!['RECEIVED', 'RETURNED'].includes(row.status)) {
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          `The study is ${row.status}; a reading is requested once, or again after it was sent back`,
        );
      }
      await assertReadingCenter(m, q.centerId, actor.communityId);
      const updated = await queueStudy(m, row, q, { id: actor.id, name: actor.name });
      return loadStudy(m, updated, false);
    });
  }

  /** The next study by priority (STAT, urgent, routine), then age; SKIP LOCKED keeps readers apart. */
  async claimNext(
    actor: Actor,
    q: { centerId?: string; modality?: string },
  ): Promise<{ study: StudyDetail | null }> {
    if (!hasRole(actor, ...READERS)) throw AppError.forbidden('Only readers claim studies');
    if (q.centerId && !readsFor(actor, q.centerId))
      throw AppError.forbidden('You do not read for this reading center');
    if (actor.centerIds.length === 0)
      throw AppError.forbidden('You are not a reader of any reading center');
    return this.ds.transaction(async (m) => {
      const [row] = await rowsOf<StudyRow>(
        m,
        `UPDATE diagnosis.studies s SET status = 'IN_PROGRESS', lease_owner = $1, lease_owner_name = $2,
           lease_expires_at = now() + make_interval(secs => coalesce(cs.lease_minutes, 10)::float8 * 60)
          FROM (SELECT q.id, q.center_id FROM diagnosis.studies q
                  JOIN diagnosis.dir_departments d ON d.id = q.center_id
                 WHERE q.status = 'QUEUED' AND q.community_id = $3 AND d.institution_id = $4
                   AND q.center_id = ANY($7::uuid[])
                   AND ($5::uuid IS NULL OR q.center_id = $5) AND ($6::text IS NULL OR q.modality = $6)
                 -- priority_rank puts 签约 residents first within a priority (seed 001 四(六))
                 ORDER BY q.priority_rank, q.requested_at LIMIT 1 FOR UPDATE OF q SKIP LOCKED) next
          LEFT JOIN diagnosis.center_settings cs ON cs.center_id = next.center_id
         WHERE s.id = next.id RETURNING s.*`,
        [
          actor.id,
          actor.name,
          actor.communityId,
          actor.institutionId,
          q.centerId ?? null,
          q.modality ?? null,
          actor.centerIds,
        ],
      );
      if (!row) return { study: null };
      await this.event(m, row, 'study.claimed', {
        studyId: row.id,
        centerId: row.center_id,
        priority: row.priority,
        readerId: actor.id,
      });
      return { study: await loadStudy(m, row, false) };
    });
  }

  /** Claims the study a reader picked from the worklist: queued, and at one of their centers. */
  async claimStudy(actor: Actor, studyId: string): Promise<StudyDetail> {
    if (!hasRole(actor, ...READERS)) throw AppError.forbidden('Only readers claim studies');
    return this.ds.transaction(async (m) => {
      const row = await this.lock(m, actor, studyId);
      if (!readsFor(actor, row.center_id)) throw AppError.notFound('Study');
      if (row.status !== 'QUEUED')
        throw AppError.conflict(
          `The study is ${row.status === 'IN_PROGRESS' ? 'being read by another reader' : row.status}, not waiting in the queue`,
        );
      const s = await this.settings(m, row.center_id!);
      const [claimed] = await rowsOf<StudyRow>(
        m,
        `UPDATE diagnosis.studies SET status = 'IN_PROGRESS', lease_owner = $2, lease_owner_name = $3,
           lease_expires_at = now() + make_interval(secs => $4::float8 * 60) WHERE id = $1 RETURNING *`,
        [row.id, actor.id, actor.name, s.lease_minutes],
      );
      await this.event(m, claimed, 'study.claimed', {
        studyId: row.id,
        centerId: row.center_id,
        priority: row.priority,
        readerId: actor.id,
      });
      return loadStudy(m, claimed, false);
    });
  }

  private assertLease(actor: Actor, row: StudyRow): void {
    if (row.status !== 'IN_PROGRESS')
      throw new AppError(
        ErrorCode.INVALID_TRANSITION,
        `The study is ${row.status}, not being read`,
      );
    if (row.lease_owner !== actor.id) throw AppError.forbidden('Another reader holds this study');
    if (!readsFor(actor, row.center_id))
      throw AppError.forbidden('You no longer read for the center this study is queued at');
    if (row.lease_expires_at && new Date(row.lease_expires_at).getTime() <= Date.now()) {
      throw AppError.conflict('Your lease on this study has expired; claim it again');
    }
  }

  async heartbeat(actor: Actor, studyId: string): Promise<StudyDetail> {
    return this.ds.transaction(async (m) => {
      const row = await this.lock(m, actor, studyId);
      this.assertLease(actor, row);
      const s = await this.settings(m, row.center_id!);
      const [updated] = await rowsOf<StudyRow>(
        m,
        `UPDATE diagnosis.studies SET lease_expires_at = now() + make_interval(secs => $2::float8 * 60) WHERE id = $1 RETURNING *`,
        [row.id, s.lease_minutes],
      );
      return loadStudy(m, updated, false);
    });
  }

  async release(actor: Actor, studyId: string, reason: string): Promise<StudyDetail> {
    return this.ds.transaction(async (m) => {
      const row = await this.lock(m, actor, studyId);
      this.assertLease(actor, row);
      const updated = await this.requeue(m, row, reason);
      return loadStudy(m, updated, false);
    });
  }

  async requeue(m: EntityManager, row: StudyRow, reason: string): Promise<StudyRow> {
    const [updated] = await rowsOf<StudyRow>(
      m,
      `UPDATE diagnosis.studies SET status = 'QUEUED', lease_owner = NULL, lease_owner_name = NULL, lease_expires_at = NULL
        WHERE id = $1 RETURNING *`,
      [row.id],
    );
    await this.event(m, row, 'study.released', {
      studyId: row.id,
      centerId: row.center_id,
      priority: row.priority,
      reason,
    });
    return updated;
  }

  async saveDraft(
    actor: Actor,
    studyId: string,
    findings: string,
    impression: string,
  ): Promise<StudyDetail> {
    return this.ds.transaction(async (m) => {
      const row = await this.lock(m, actor, studyId);
      this.assertLease(actor, row);
      const [latest] = await m.query(
        `SELECT version, status, author_id FROM diagnosis.report_versions WHERE study_id = $1 ORDER BY version DESC LIMIT 1`,
        [row.id],
      );
      if (latest?.status === 'DRAFT' && latest.author_id === actor.id) {
        await m.query(
          `UPDATE diagnosis.report_versions SET findings = $3, impression = $4 WHERE study_id = $1 AND version = $2`,
          [row.id, latest.version, findings, impression],
        );
      } else {
        if (latest?.status === 'DRAFT')
          await m.query(
            `DELETE FROM diagnosis.report_versions WHERE study_id = $1 AND version = $2`,
            [row.id, latest.version],
          );
        const version = latest?.status === 'DRAFT' ? latest.version : (latest?.version ?? 0) + 1;
        await m.query(
          `INSERT INTO diagnosis.report_versions (id, study_id, version, status, findings, impression, author_id, author_name)
           VALUES ($1, $2, $3, 'DRAFT', $4, $5, $6, $7)`,
          [randomUUID(), row.id, version, findings, impression, actor.id, actor.name],
        );
      }
      return loadStudy(m, row, false);
    });
  }

  /** Signing makes the draft preliminary; where the center needs no senior approval it is final. */
  async sign(actor: Actor, studyId: string): Promise<StudyDetail> {
    return this.ds.transaction(async (m) => {
      const row = await this.lock(m, actor, studyId);
      this.assertLease(actor, row);
      const [draft] = await m.query(
        `SELECT version FROM diagnosis.report_versions WHERE study_id = $1 AND status = 'DRAFT' AND author_id = $2`,
        [row.id, actor.id],
      );
      if (!draft)
        throw new AppError(ErrorCode.INVALID_TRANSITION, 'Write a draft report before signing');
      const s = await this.settings(m, row.center_id!);
      const final = !s.requires_senior_approval;
      await m.query(
        `UPDATE diagnosis.report_versions SET status = $3, signed_at = now() WHERE study_id = $1 AND version = $2`,
        [row.id, draft.version, final ? 'FINAL' : 'PRELIMINARY'],
      );
      if (final) await this.supersede(m, row.id, draft.version);
      const [updated] = await rowsOf<StudyRow>(
        m,
        `UPDATE diagnosis.studies SET status = $2, lease_owner = NULL, lease_owner_name = NULL, lease_expires_at = NULL,
           finalized_at = CASE WHEN $2 = 'FINAL' THEN now() ELSE finalized_at END
         WHERE id = $1 RETURNING *`,
        [row.id, final ? 'FINAL' : 'PRELIMINARY'],
      );
      await this.event(m, row, 'report.preliminary', {
        studyId: row.id,
        version: draft.version,
        authorId: actor.id,
      });
      if (final)
        await this.event(m, row, 'report.finalized', {
          studyId: row.id,
          version: draft.version,
          approvedBy: null,
        });
      return loadStudy(m, updated, false);
    });
  }

  private async supersede(m: EntityManager, studyId: string, keep: number): Promise<void> {
    await m.query(
      `UPDATE diagnosis.report_versions SET status = 'SUPERSEDED' WHERE study_id = $1 AND status = 'FINAL' AND version <> $2`,
      [studyId, keep],
    );
  }

  /** A reader of the study's center (D3): others do not see it at all. */
  private assertCenterReader(actor: Actor, row: StudyRow, senior: boolean): void {
    if (!readsFor(actor, row.center_id)) throw AppError.notFound('Study');
    if (senior ? !hasRole(actor, 'senior_reader') : !hasRole(actor, ...READERS)) {
      throw AppError.forbidden(
        senior ? 'Approval needs a senior reader (审核医生)' : 'Only readers write reports',
      );
    }
  }

  /** A senior reader approves someone else's preliminary report; never their own. */
  async approve(actor: Actor, studyId: string): Promise<StudyDetail> {
    return this.ds.transaction(async (m) => {
      const row = await this.lock(m, actor, studyId);
      this.assertCenterReader(actor, row, true);
      if (row.status !== 'PRELIMINARY')
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          `The study is ${row.status}; only a preliminary report is approved`,
        );
      const [pending] = await m.query(
        `SELECT version, author_id, amend_reason FROM diagnosis.report_versions WHERE study_id = $1 AND status = 'PRELIMINARY'`,
        [row.id],
      );
      if (pending.author_id === actor.id)
        throw AppError.forbidden('A report is approved by a senior reader other than its author');
      await m.query(
        `UPDATE diagnosis.report_versions SET status = 'FINAL', approved_by = $3, approved_by_name = $4, approved_at = now()
          WHERE study_id = $1 AND version = $2`,
        [row.id, pending.version, actor.id, actor.name],
      );
      await this.supersede(m, row.id, pending.version);
      const [updated] = await rowsOf<StudyRow>(
        m,
        `UPDATE diagnosis.studies SET status = 'FINAL', finalized_at = now() WHERE id = $1 RETURNING *`,
        [row.id],
      );
      // An approved amendment replaces a final report: engines are told so, distinctly.
      if (pending.amend_reason !== null)
        await this.event(m, row, 'report.amended', {
          studyId: row.id,
          version: pending.version,
          approvedBy: actor.id,
          reason: pending.amend_reason,
        });
      else
        await this.event(m, row, 'report.finalized', {
          studyId: row.id,
          version: pending.version,
          approvedBy: actor.id,
        });
      return loadStudy(m, updated, false);
    });
  }

  /** An amendment is a new version; the earlier ones stay, superseded once it is final. */
  async amend(
    actor: Actor,
    studyId: string,
    findings: string,
    impression: string,
    reason: string,
  ): Promise<StudyDetail> {
    return this.ds.transaction(async (m) => {
      const row = await this.lock(m, actor, studyId);
      this.assertCenterReader(actor, row, false);
      if (row.status !== 'FINAL')
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          `Only a final report is amended (the study is ${row.status})`,
        );
      const [{ max }] = await m.query(
        `SELECT max(version) AS max FROM diagnosis.report_versions WHERE study_id = $1`,
        [row.id],
      );
      const s = await this.settings(m, row.center_id!);
      const final = !s.requires_senior_approval;
      const version = Number(max) + 1;
      await m.query(
        `INSERT INTO diagnosis.report_versions (id, study_id, version, status, findings, impression, author_id, author_name, signed_at, amend_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9)`,
        [
          randomUUID(),
          row.id,
          version,
          final ? 'FINAL' : 'PRELIMINARY',
          findings,
          impression,
          actor.id,
          actor.name,
          reason,
        ],
      );
      if (final) await this.supersede(m, row.id, version);
      const [updated] = await rowsOf<StudyRow>(
        m,
        `UPDATE diagnosis.studies SET status = $2 WHERE id = $1 RETURNING *`,
        [row.id, final ? 'FINAL' : 'PRELIMINARY'],
      );
      await this.event(m, row, 'report.preliminary', {
        studyId: row.id,
        version,
        authorId: actor.id,
      });
      // Where no approval is needed the amendment is final at once (else `approve` announces it).
      if (final)
        await this.event(m, row, 'report.amended', {
          studyId: row.id,
          version,
          approvedBy: null,
          reason,
        });
      return loadStudy(m, updated, false);
    });
  }

  /** The reader sends the study back to the clinic for re-examination, with a reason. */
  async sendBack(actor: Actor, studyId: string, reason: string): Promise<StudyDetail> {
    return this.ds.transaction(async (m) => {
      const row = await this.lock(m, actor, studyId);
      this.assertLease(actor, row);
      const [updated] = await rowsOf<StudyRow>(
        m,
        `UPDATE diagnosis.studies SET status = 'RETURNED', returned_reason = $2, lease_owner = NULL, lease_owner_name = NULL, lease_expires_at = NULL
          WHERE id = $1 RETURNING *`,
        [row.id, reason],
      );
      await this.event(m, row, 'study.returned', { studyId: row.id, reason });
      return loadStudy(m, updated, false);
    });
  }

  /**
   * D8 (检查结果互认): a community's clinicians and readers find a patient's earlier studies and
   * final reports across institutions. The gateway audits every study returned.
   */
  async byPatient(actor: Actor, patientId: string): Promise<{ items: StudyDetail[] }> {
    if (!hasRole(actor, 'clinician', ...READERS))
      throw AppError.forbidden('Requires a clinician or reader');
    const rows: StudyRow[] = await this.ds.query(
      `SELECT * FROM diagnosis.studies WHERE community_id = $1 AND patient_id = $2 ORDER BY received_at DESC LIMIT 100`,
      [actor.communityId, patientId],
    );
    return { items: await Promise.all(rows.map((row) => loadStudy(this.ds.manager, row, true))) };
  }

  /** The clinic sees its study and final reports; the center's readers see every version. */
  async get(actor: Actor, studyId: string): Promise<StudyDetail> {
    const [row] = await this.ds.query(
      `SELECT * FROM diagnosis.studies WHERE id = $1 AND community_id = $2`,
      [studyId, actor.communityId],
    );
    if (!row) throw AppError.notFound('Study');
    if (readsFor(actor, row.center_id)) return loadStudy(this.ds.manager, row, false);
    if (row.institution_id === actor.institutionId) return loadStudy(this.ds.manager, row, true);
    throw AppError.notFound('Study');
  }

  /** One instance's index entry and blob reference, for whoever may see its study. */
  async getInstance(actor: Actor, studyId: string, instanceId: string) {
    const study = await this.get(actor, studyId);
    const [row] = await this.ds.query(
      `SELECT i.id, i.sop_instance_uid AS "sopInstanceUid", i.sop_class_uid AS "sopClassUid",
              se.series_instance_uid AS "seriesInstanceUid", i.size_bytes::float8 AS "sizeBytes", i.ecg, i.blob_key AS "blobKey"
         FROM diagnosis.instances i JOIN diagnosis.series se ON se.id = i.series_id
        WHERE i.id = $1 AND i.study_id = $2`,
      [instanceId, studyId],
    );
    if (!row) throw AppError.notFound('Instance');
    return { ...row, studyId, patientId: study.patientId };
  }
}

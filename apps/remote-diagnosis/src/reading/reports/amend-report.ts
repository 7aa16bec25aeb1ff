import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, AppError, ErrorCode, rowsOf, StudyDetail } from '@app/shared';
import { centerSettings } from '../queue-study';
import { assertCenterReader } from '../reading-rules';
import { loadStudy, onLockedStudy, StudyRow, supersedeFinalReports } from '../study.queries';
import { announceFinalReport, announcePreliminaryReport } from './report-events';

export interface Amendment {
  findings: string;
  impression: string;
  reason: string;
}

/**
 * D5: an amendment to a final report is a new version; the earlier ones stay, superseded once
 * it is final. Where the center needs approval it waits as preliminary like any report.
 */
@Injectable()
export class AmendReport {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, studyId: string, amendment: Amendment): Promise<StudyDetail> {
    const { findings, impression, reason } = amendment;
    const check = (row: StudyRow) => assertCenterReader(actor, row, false);
    return onLockedStudy(this.ds, actor, studyId, check, async (m, row) => {
      if (row.status !== 'FINAL')
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          `Only a final report is amended (the study is ${row.status})`,
        );
      const [{ max }] = await rowsOf<{ max: number | null }>(
        m,
        `SELECT max(version) AS max FROM diagnosis.report_versions WHERE study_id = $1`,
        [row.id],
      );
      const settings = await centerSettings(m, row.center_id!);
      const final = !settings.requires_senior_approval;
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
      if (final) await supersedeFinalReports(m, row.id, version);
      const [updated] = await rowsOf<StudyRow>(
        m,
        `UPDATE diagnosis.studies SET status = $2 WHERE id = $1 RETURNING *`,
        [row.id, final ? 'FINAL' : 'PRELIMINARY'],
      );
      await announcePreliminaryReport(m, row, version, actor.id);
      // Where no approval is needed the amendment is final at once (else ApproveReport announces it).
      if (final) await announceFinalReport(m, row, version, null, reason);
      return loadStudy(m, updated, false);
    });
  }
}

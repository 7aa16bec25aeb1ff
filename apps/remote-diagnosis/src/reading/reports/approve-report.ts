import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, ErrorCode, rowsOf, StudyDetail } from '@app/shared';
import { assertCenterReader } from '../reading-rules';
import { loadStudy, onLockedStudy, StudyRow, supersedeFinalReports } from '../study.queries';
import { announceFinalReport } from './report-events';

interface PendingReport {
  version: number;
  author_id: string;
  amend_reason: string | null;
}

/** D5 (审核): a senior reader approves someone else's preliminary report; never their own. */
@Injectable()
export class ApproveReport {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, studyId: string): Promise<StudyDetail> {
    const check = (row: StudyRow) => assertCenterReader(actor, row, true);
    return onLockedStudy(this.ds, actor, studyId, check, async (m, row) => {
      if (row.status !== 'PRELIMINARY')
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          `The study is ${row.status}; only a preliminary report is approved`,
        );
      const [pending] = await rowsOf<PendingReport>(
        m,
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
      await supersedeFinalReports(m, row.id, pending.version);
      const [updated] = await rowsOf<StudyRow>(
        m,
        `UPDATE diagnosis.studies SET status = 'FINAL', finalized_at = now() WHERE id = $1 RETURNING *`,
        [row.id],
      );
      // An approved amendment replaces a final report: engines are told so, distinctly.
      await announceFinalReport(m, row, pending.version, actor.id, pending.amend_reason);
      return loadStudy(m, updated, false);
    });
  }
}

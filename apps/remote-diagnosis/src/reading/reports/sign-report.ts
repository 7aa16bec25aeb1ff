import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, ErrorCode, rowsOf, StudyDetail } from '@app/shared';
import { centerSettings } from '../queue-study';
import { assertLease } from '../reading-rules';
import { loadStudy, onLockedStudy, StudyRow, supersedeFinalReports } from '../study.queries';
import { announceFinalReport, announcePreliminaryReport } from './report-events';

/**
 * D5: signing makes the lease owner's draft preliminary and ends the lease; where the center
 * needs no senior approval (审核) it is final at once.
 */
@Injectable()
export class SignReport {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, studyId: string): Promise<StudyDetail> {
    const check = (row: StudyRow) => assertLease(actor, row);
    return onLockedStudy(this.ds, actor, studyId, check, async (m, row) => {
      const [draft] = await rowsOf<{ version: number }>(
        m,
        `SELECT version FROM diagnosis.report_versions WHERE study_id = $1 AND status = 'DRAFT' AND author_id = $2`,
        [row.id, actor.id],
      );
      if (!draft)
        throw new AppError(ErrorCode.INVALID_TRANSITION, 'Write a draft report before signing');
      const settings = await centerSettings(m, row.center_id!);
      const final = !settings.requires_senior_approval;
      await m.query(
        `UPDATE diagnosis.report_versions SET status = $3, signed_at = now() WHERE study_id = $1 AND version = $2`,
        [row.id, draft.version, final ? 'FINAL' : 'PRELIMINARY'],
      );
      if (final) await supersedeFinalReports(m, row.id, draft.version);
      const [updated] = await rowsOf<StudyRow>(
        m,
        `UPDATE diagnosis.studies SET status = $2, lease_owner = NULL, lease_owner_name = NULL, lease_expires_at = NULL,
           finalized_at = CASE WHEN $2 = 'FINAL' THEN now() ELSE finalized_at END
         WHERE id = $1 RETURNING *`,
        [row.id, final ? 'FINAL' : 'PRELIMINARY'],
      );
      await announcePreliminaryReport(m, row, draft.version, actor.id);
      if (final) await announceFinalReport(m, row, draft.version, null, null);
      return loadStudy(m, updated, false);
    });
  }
}

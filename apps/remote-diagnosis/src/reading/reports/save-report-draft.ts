import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, rowsOf, StudyDetail } from '@app/shared';
import { assertLease } from '../reading-rules';
import { loadStudy, onLockedStudy, StudyRow } from '../study.queries';
import { LatestVersion, planDraft } from './draft-plan';

export interface DraftText {
  findings: string;
  impression: string;
}

/** D5: the lease owner writes (and rewrites) the draft report. */
@Injectable()
export class SaveReportDraft {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, studyId: string, text: DraftText): Promise<StudyDetail> {
    const check = (row: StudyRow) => assertLease(actor, row);
    return onLockedStudy(this.ds, actor, studyId, check, async (m, row) => {
      const [latest] = await rowsOf<LatestVersion>(
        m,
        `SELECT version, status, author_id FROM diagnosis.report_versions WHERE study_id = $1 ORDER BY version DESC LIMIT 1`,
        [row.id],
      );
      const plan = planDraft(latest, actor.id);
      if (plan.kind === 'edit') {
        await m.query(
          `UPDATE diagnosis.report_versions SET findings = $3, impression = $4 WHERE study_id = $1 AND version = $2`,
          [row.id, plan.version, text.findings, text.impression],
        );
        return loadStudy(m, row, false);
      }
      if (plan.kind === 'replace')
        await m.query(
          `DELETE FROM diagnosis.report_versions WHERE study_id = $1 AND version = $2`,
          [row.id, plan.version],
        );
      await m.query(
        `INSERT INTO diagnosis.report_versions (id, study_id, version, status, findings, impression, author_id, author_name)
         VALUES ($1, $2, $3, 'DRAFT', $4, $5, $6, $7)`,
        [randomUUID(), row.id, plan.version, text.findings, text.impression, actor.id, actor.name],
      );
      return loadStudy(m, row, false);
    });
  }
}

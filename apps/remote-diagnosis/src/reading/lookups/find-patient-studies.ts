import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, hasRole, rowsOf, StudyDetail } from '@app/shared';
import { READERS } from '../reading-rules';
import { loadStudy, StudyRow } from '../study.queries';

/**
 * D8 (检查结果互认): a community's clinicians and readers find a patient's earlier studies and
 * final reports across institutions. The gateway audits every study returned.
 */
@Injectable()
export class FindPatientStudies {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, patientId: string): Promise<{ items: StudyDetail[] }> {
    if (!hasRole(actor, 'clinician', ...READERS))
      throw AppError.forbidden('Requires a clinician or reader');
    const rows = await rowsOf<StudyRow>(
      this.ds.manager,
      `SELECT * FROM diagnosis.studies WHERE community_id = $1 AND patient_id = $2 ORDER BY received_at DESC LIMIT 100`,
      [actor.communityId, patientId],
    );
    return { items: await Promise.all(rows.map((row) => loadStudy(this.ds.manager, row, true))) };
  }
}

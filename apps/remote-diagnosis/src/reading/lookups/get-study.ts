import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, readsFor, rowsOf, StudyDetail } from '@app/shared';
import { loadStudy, StudyRow } from '../study.queries';

/**
 * One study, for who may see it: the center's readers see every report version, the
 * submitting clinic only final ones; anyone else is told it does not exist.
 */
@Injectable()
export class GetStudy {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, studyId: string): Promise<StudyDetail> {
    const [row] = await rowsOf<StudyRow>(
      this.ds.manager,
      `SELECT * FROM diagnosis.studies WHERE id = $1 AND community_id = $2`,
      [studyId, actor.communityId],
    );
    if (!row) throw AppError.notFound('Study');
    if (readsFor(actor, row.center_id)) return loadStudy(this.ds.manager, row, false);
    if (row.institution_id === actor.institutionId) return loadStudy(this.ds.manager, row, true);
    throw AppError.notFound('Study');
  }
}

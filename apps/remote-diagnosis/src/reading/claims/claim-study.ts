import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, readsFor, rowsOf, StudyDetail } from '@app/shared';
import { centerSettings } from '../queue-study';
import { assertMayClaim } from '../reading-rules';
import { loadStudy, lockStudy, StudyRow, writeStudyEvent } from '../study.queries';

/** D4: claims the study a reader picked from the worklist: queued, and at one of their centers. */
@Injectable()
export class ClaimStudy {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, studyId: string): Promise<StudyDetail> {
    assertMayClaim(actor);
    return this.ds.transaction(async (m) => {
      const row = await lockStudy(m, actor, studyId);
      if (!readsFor(actor, row.center_id)) throw AppError.notFound('Study');
      if (row.status !== 'QUEUED')
        throw AppError.conflict(
          `The study is ${row.status === 'IN_PROGRESS' ? 'being read by another reader' : row.status}, not waiting in the queue`,
        );
      const settings = await centerSettings(m, row.center_id!);
      const [claimed] = await rowsOf<StudyRow>(
        m,
        `UPDATE diagnosis.studies SET status = 'IN_PROGRESS', lease_owner = $2, lease_owner_name = $3,
           lease_expires_at = now() + make_interval(secs => $4::float8 * 60) WHERE id = $1 RETURNING *`,
        [row.id, actor.id, actor.name, settings.lease_minutes],
      );
      await writeStudyEvent(m, claimed, 'study.claimed', {
        studyId: row.id,
        centerId: row.center_id!,
        priority: row.priority!,
        readerId: actor.id,
      });
      return loadStudy(m, claimed, false);
    });
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, rowsOf, StudyDetail } from '@app/shared';
import { centerSettings } from '../queue-study';
import { assertLease } from '../reading-rules';
import { loadStudy, onLockedStudy, StudyRow } from '../study.queries';

/** D4 heartbeat: the lease owner keeps the study for another lease period of its center. */
@Injectable()
export class RenewLease {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, studyId: string): Promise<StudyDetail> {
    return onLockedStudy(
      this.ds,
      actor,
      studyId,
      (row) => assertLease(actor, row),
      async (m, row) => {
        const settings = await centerSettings(m, row.center_id!);
        const [updated] = await rowsOf<StudyRow>(
          m,
          `UPDATE diagnosis.studies SET lease_expires_at = now() + make_interval(secs => $2::float8 * 60) WHERE id = $1 RETURNING *`,
          [row.id, settings.lease_minutes],
        );
        return loadStudy(m, updated, false);
      },
    );
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, rowsOf, StudyDetail } from '@app/shared';
import { assertLease } from '../reading-rules';
import { loadStudy, onLockedStudy, StudyRow, writeStudyEvent } from '../study.queries';

/**
 * D5: instead of reporting, the lease owner sends the study back to the clinic for
 * re-examination, with a reason; the clinic may request a reading again (RETURNED).
 */
@Injectable()
export class SendStudyBack {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, studyId: string, reason: string): Promise<StudyDetail> {
    const check = (row: StudyRow) => assertLease(actor, row);
    return onLockedStudy(this.ds, actor, studyId, check, async (m, row) => {
      const [updated] = await rowsOf<StudyRow>(
        m,
        `UPDATE diagnosis.studies SET status = 'RETURNED', returned_reason = $2, lease_owner = NULL, lease_owner_name = NULL, lease_expires_at = NULL
          WHERE id = $1 RETURNING *`,
        [row.id, reason],
      );
      await writeStudyEvent(m, row, 'study.returned', { studyId: row.id, reason });
      return loadStudy(m, updated, false);
    });
  }
}

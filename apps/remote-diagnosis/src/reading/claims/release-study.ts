import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, StudyDetail } from '@app/shared';
import { assertLease } from '../reading-rules';
import { loadStudy, lockStudy, requeueStudy } from '../study.queries';

/** D4: the lease owner hands the study back to the queue for another reader. */
@Injectable()
export class ReleaseStudy {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, studyId: string, reason: string): Promise<StudyDetail> {
    return this.ds.transaction(async (m) => {
      const row = await lockStudy(m, actor, studyId);
      assertLease(actor, row);
      const updated = await requeueStudy(m, row, reason);
      return loadStudy(m, updated, false);
    });
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, StudyDetail } from '@app/shared';
import { assertLease } from '../reading-rules';
import { loadStudy, onLockedStudy, requeueStudy } from '../study.queries';

/** D4: the lease owner hands the study back to the queue for another reader. */
@Injectable()
export class ReleaseStudy {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, studyId: string, reason: string): Promise<StudyDetail> {
    return onLockedStudy(
      this.ds,
      actor,
      studyId,
      (row) => assertLease(actor, row),
      async (m, row) => loadStudy(m, await requeueStudy(m, row, reason), false),
    );
  }
}

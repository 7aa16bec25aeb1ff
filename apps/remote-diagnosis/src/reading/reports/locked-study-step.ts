import { DataSource, EntityManager } from 'typeorm';
import { Actor, StudyDetail } from '@app/shared';
import { lockStudy, StudyRow } from '../study.queries';

/**
 * Every report step starts alike: one transaction, the study locked first (so two readers never
 * interleave on it), then the step's own access check on the locked row, before anything of the
 * report is read or written. The step returns the study as its reader sees it afterwards.
 */
export function onLockedStudy(
  ds: DataSource,
  actor: Actor,
  studyId: string,
  check: (row: StudyRow) => void,
  step: (m: EntityManager, row: StudyRow) => Promise<StudyDetail>,
): Promise<StudyDetail> {
  return ds.transaction(async (m) => {
    const row = await lockStudy(m, actor, studyId);
    check(row);
    return step(m, row);
  });
}

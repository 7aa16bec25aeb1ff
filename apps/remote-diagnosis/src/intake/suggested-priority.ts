import { EntityManager } from 'typeorm';
import { EcgSummary, Priority, writeOutbox } from '@app/shared';
import { targetMinutesSql } from '../centers/turnaround-target';
import { DIAGNOSIS_SCHEMA } from '../migrations';
import { mostUrgent } from '../reading/priority';

interface StudyPriorityRow {
  community_id: string;
  status: string;
  center_id: string | null;
  priority: Priority | null;
  suggested_priority: Priority | null;
}

/**
 * D2: an analyzer's finding asks for a more urgent reading. The study remembers the most
 * urgent suggestion (a later reading request takes it into account); a study already in
 * the queue is raised at once, with an event, so a STAT ECG does not wait behind routine work.
 */
export async function applySuggestedPriority(
  m: EntityManager,
  studyId: string,
  suggested: Priority,
  ecg: EcgSummary,
): Promise<void> {
  const [row] = await m.query<StudyPriorityRow[]>(
    `SELECT community_id, status, center_id, priority, suggested_priority FROM diagnosis.studies WHERE id = $1 FOR UPDATE`,
    [studyId],
  );
  await m.query(`UPDATE diagnosis.studies SET suggested_priority = $2 WHERE id = $1`, [
    studyId,
    mostUrgent(row.suggested_priority, suggested),
  ]);
  const raised = mostUrgent(row.priority, suggested) ?? suggested;
  if (!['QUEUED', 'IN_PROGRESS'].includes(row.status) || raised === row.priority) return;
  // A more urgent reading is due sooner: never later than the raised priority's target from now.
  await m.query(
    `UPDATE diagnosis.studies SET priority = $2,
       due_at = least(due_at, now() + make_interval(secs => ${targetMinutesSql('$2::text', 'studies.center_id')} * 60))
     WHERE id = $1`,
    [studyId, raised],
  );
  await writeOutbox(m, DIAGNOSIS_SCHEMA, {
    type: 'study.priority_raised',
    aggregateType: 'study',
    aggregateId: studyId,
    communityId: row.community_id,
    payload: {
      studyId,
      centerId: row.center_id as string, // set whenever the study is queued or in progress
      priority: raised,
      from: row.priority,
      reason: ecg.findings.map((f) => f.description).join('; ') || 'ECG analysis',
    },
  });
}

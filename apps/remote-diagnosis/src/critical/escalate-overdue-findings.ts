import { EntityManager } from 'typeorm';
import { rowsOf, writeOutbox } from '@app/shared';
import { sweepRows } from '@app/shared/database/sweep-rows';
import { DIAGNOSIS_SCHEMA } from '../migrations';
import type { FindingRow } from './critical-finding.row';

/**
 * D6, run by the reading sweep in its transaction: a finding unacknowledged past its deadline
 * escalates once, with an event. Returns how many did.
 */
export async function escalateOverdueFindings(m: EntityManager): Promise<number> {
  const rows = await rowsOf<FindingRow & { minutes_open: number }>(
    m,
    `UPDATE diagnosis.critical_findings SET escalated_at = now()
      WHERE ack_at IS NULL AND escalated_at IS NULL AND ack_deadline <= now()
      RETURNING *, floor(extract(epoch FROM now() - raised_at) / 60)::int AS minutes_open`,
  );
  return sweepRows(rows, (f) =>
    writeOutbox(m, DIAGNOSIS_SCHEMA, {
      type: 'critical.escalated',
      aggregateType: 'study',
      aggregateId: f.study_id,
      communityId: f.community_id,
      payload: {
        studyId: f.study_id,
        findingId: f.id,
        institutionId: f.institution_id,
        minutesOpen: f.minutes_open,
      },
    }),
  );
}

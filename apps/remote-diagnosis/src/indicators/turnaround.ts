import { DataSource } from 'typeorm';
import { PRIORITIES, Priority } from '@app/shared';
import { round } from './remote-diagnoses';

interface TurnaroundRow {
  priority: Priority;
  count: number;
  breached: number;
  bumped: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

/**
 * Minutes from the reading request to the final report, per priority. Grouped by the priority
 * the reading was requested at (`requested_priority`): a breach bumps `priority` (D3), and a late
 * ROUTINE study must count as a late ROUTINE one, not as an URGENT one. Raises after the request
 * (breach bumps, ECG findings) are reported apart, as `bumped` and as `bumps` from → to.
 */
export async function turnaround(
  ds: DataSource,
  communityId: string,
  from: string,
  to: string,
  institutionId: string | null,
) {
  const finalized = `
    SELECT coalesce(st.requested_priority, st.priority) AS requested, st.priority AS current,
           st.escalated_at, st.finalized_at, st.due_at,
           extract(epoch FROM st.finalized_at - st.requested_at) / 60 AS minutes
      FROM diagnosis.studies st JOIN diagnosis.dir_departments d ON d.id = st.center_id
     WHERE st.community_id = $1 AND st.finalized_at >= $2 AND st.finalized_at < $3
       AND st.requested_at IS NOT NULL
       AND ($4::uuid IS NULL OR st.institution_id = $4 OR d.institution_id = $4)`;
  const args = [communityId, from, to, institutionId];
  const rows: TurnaroundRow[] = await ds.query(
    `WITH f AS (${finalized})
     SELECT requested AS priority, count(*)::int AS count,
            count(*) FILTER (WHERE escalated_at IS NOT NULL OR finalized_at > due_at)::int AS breached,
            count(*) FILTER (WHERE current <> requested)::int AS bumped,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS p50,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes) AS p90,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY minutes) AS p99
       FROM f GROUP BY requested`,
    args,
  );
  const bumps: { from: string; to: string; count: number }[] = await ds.query(
    `WITH f AS (${finalized})
     SELECT requested AS "from", current AS "to", count(*)::int AS count
       FROM f WHERE current <> requested GROUP BY requested, current ORDER BY requested, current`,
    args,
  );
  const perPriority = Object.fromEntries(
    PRIORITIES.map((p) => {
      const row = rows.find((t) => t.priority === p);
      return [
        p,
        {
          count: row?.count ?? 0,
          breached: row?.breached ?? 0,
          bumped: row?.bumped ?? 0,
          p50: round(row?.p50 ?? null),
          p90: round(row?.p90 ?? null),
          p99: round(row?.p99 ?? null),
        },
      ];
    }),
  ) as Record<Priority, Omit<TurnaroundRow, 'priority'>>;
  return { perPriority, bumps };
}

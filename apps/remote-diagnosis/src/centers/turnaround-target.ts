import { DEFAULT_TURNAROUND_MINUTES } from '@app/shared';

/**
 * SQL for a center's turnaround target, in minutes, for a priority expression: the center's
 * setting, or the default when the center has none yet. One expression, so the reading request,
 * an analyzer's raise and a breach all compute due times the same way.
 */
export function targetMinutesSql(priority: string, centerId: string): string {
  const d = DEFAULT_TURNAROUND_MINUTES;
  return `(SELECT CASE ${priority} WHEN 'STAT' THEN coalesce(cs.stat_minutes, ${d.STAT})
                 WHEN 'URGENT' THEN coalesce(cs.urgent_minutes, ${d.URGENT})
                 ELSE coalesce(cs.routine_minutes, ${d.ROUTINE}) END::float8
     FROM (SELECT 1) one LEFT JOIN diagnosis.center_settings cs ON cs.center_id = ${centerId})`;
}

import { EntityManager } from 'typeorm';
import { AppError, daysBetween } from '@app/shared';

/** Where the capacity lies: one institution, or every institution of a community. */
export interface ShareScope {
  communityId: string;
  institutionId: string | null;
  /** Local calendar days (Asia/Shanghai), both inclusive. */
  fromDate: string;
  toDate: string;
}

export interface ShareRequired {
  /** Seed 004 四(八)4: at least 1/3 of outpatient 号源 … */
  slots: number;
  /** … and 1/4 of inpatient beds go to family-doctor teams and primary-level institutions. */
  beds: number;
}

export interface ShareRow {
  departmentId: string;
  date: string;
  kind: 'SLOTS' | 'BEDS';
  referral: number;
  total: number;
  share: number;
  required: number;
  compliant: boolean;
}

/** A day series over more than a year is not an indicator anyone reads, and is unbounded work. */
const MAX_DAYS = 366;

/**
 * Reserved-share compliance per department (slots) or ward (beds) and local day.
 * Slots: the day's capacity in the REFERRAL pool, counting slots released to GENERAL at the lead
 * time as reserved (they were). Beds: the beds of the ward on that day — a bed counts from the day
 * it was created, a CLOSED bed not at all (the platform keeps no history of closures, and a bed's
 * pool never changes after creation) — and those of them in the REFERRAL pool.
 */
export async function reservedShareRows(
  m: EntityManager,
  scope: ShareScope,
  required: ShareRequired,
): Promise<ShareRow[]> {
  if (daysBetween(scope.fromDate, scope.toDate) > MAX_DAYS)
    throw AppError.validation(`the period may span at most ${MAX_DAYS} days`, [
      { path: 'toDate', message: `more than ${MAX_DAYS} days after fromDate` },
    ]);
  const args = [scope.communityId, scope.institutionId, scope.fromDate, scope.toDate];
  const slots: Omit<ShareRow, 'kind' | 'share' | 'required' | 'compliant'>[] = await m.query(
    `SELECT department_id AS "departmentId", to_char(local_date, 'YYYY-MM-DD') AS date,
            coalesce(sum(capacity) FILTER (WHERE pool = 'REFERRAL' OR released_to_general_at IS NOT NULL), 0)::int AS referral,
            sum(capacity)::int AS total
       FROM referral.slots
      WHERE community_id = $1 AND ($2::uuid IS NULL OR institution_id = $2) AND local_date BETWEEN $3 AND $4
      GROUP BY department_id, local_date ORDER BY local_date, department_id`,
    args,
  );
  const beds: typeof slots = await m.query(
    `SELECT b.department_id AS "departmentId", to_char(day, 'YYYY-MM-DD') AS date,
            (count(*) FILTER (WHERE b.pool = 'REFERRAL'))::int AS referral, count(*)::int AS total
       FROM generate_series($3::date, $4::date, interval '1 day') AS day
       JOIN referral.beds b ON (b.created_at AT TIME ZONE 'Asia/Shanghai')::date <= day
      WHERE b.community_id = $1 AND ($2::uuid IS NULL OR b.institution_id = $2) AND b.status <> 'CLOSED'
      GROUP BY b.department_id, day ORDER BY day, b.department_id`,
    args,
  );
  const row =
    (kind: ShareRow['kind'], need: number) =>
    (r: (typeof slots)[number]): ShareRow => {
      const share = r.total > 0 ? r.referral / r.total : 0;
      // 1e-9: 1/3 of 3 places is exactly compliant, whatever floating point makes of it.
      return {
        ...r,
        kind,
        share,
        required: need,
        compliant: r.total === 0 || share + 1e-9 >= need,
      };
    };
  return [...slots.map(row('SLOTS', required.slots)), ...beds.map(row('BEDS', required.beds))];
}

/** Days (department- or ward-days with capacity) that met the share, per kind. */
export function summarizeShare(rows: ShareRow[], kind: ShareRow['kind'], required: number) {
  const days = rows.filter((r) => r.kind === kind && r.total > 0);
  const compliantDays = days.filter((r) => r.compliant).length;
  return {
    required,
    compliantDays,
    totalDays: days.length,
    rate: days.length > 0 ? Math.round((compliantDays / days.length) * 100) / 100 : null,
  };
}

/** The local (Asia/Shanghai, UTC+8) calendar day of an instant; `to` is exclusive. */
export function localDayOf(instant: string, exclusive = false): string {
  const ms = Date.parse(instant) - (exclusive ? 1 : 0) + 8 * 3600_000;
  return new Date(ms).toISOString().slice(0, 10);
}

import { EntityManager } from 'typeorm';
import { AppError, ReferralContracts } from '@app/shared';
import type { ResponseOf } from '@app/shared';
import { isoRequired } from '../common/time';

type Slot = ResponseOf<typeof ReferralContracts.searchSlots>['items'][number];
type SlotRow = Omit<Slot, 'startsAt' | 'endsAt' | 'releasesToGeneralAt'> & {
  startsAt: Date | string;
  endsAt: Date | string;
};

/**
 * A slot as callers see it, with when the release rule (R4: unused REFERRAL places go to the
 * GENERAL pool `releaseLeadMinutes` before they start) will move it, so a coordinator sees a
 * place that is about to stop being reserved.
 */
export function toSlot(r: SlotRow, leadMinutes: number): Slot {
  const startsAt = isoRequired(r.startsAt);
  return {
    ...r,
    startsAt,
    endsAt: isoRequired(r.endsAt),
    releasesToGeneralAt:
      r.pool === 'REFERRAL'
        ? new Date(Date.parse(startsAt) - leadMinutes * 60_000).toISOString()
        : null,
  };
}

/** Issue 13 item 4: REFERRAL places published inside the lead time are released at once. */
export function releaseWarnings(
  slots: { startsAt: Date; pool: string }[],
  leadMinutes: number,
  now = Date.now(),
): string[] {
  const soon = slots.filter(
    (s) => s.pool === 'REFERRAL' && s.startsAt.getTime() - leadMinutes * 60_000 <= now,
  );
  if (!soon.length) return [];
  const hours = Math.round((leadMinutes / 60) * 10) / 10;
  return [
    `${soon.length} REFERRAL slot(s) start within the release lead time (${hours} h): unless booked, the release rule moves them to the GENERAL pool at its next run`,
  ];
}

/**
 * Publishing the same schedule twice would double a department's places: a schedule whose slot
 * repeats one an earlier schedule made (same department, doctor, start, end and pool) is
 * refused whole, naming the first repeat.
 */
export async function assertScheduleNotRepeated(
  m: EntityManager,
  departmentId: string,
  doctorName: string | null,
  slots: { startsAt: Date; endsAt: Date; pool: string }[],
): Promise<void> {
  const [repeat] = await m.query(
    `SELECT e.starts_at, e.pool FROM referral.slots e
       JOIN unnest($2::timestamptz[], $3::timestamptz[], $4::text[]) AS n(starts_at, ends_at, pool)
         ON e.starts_at = n.starts_at AND e.ends_at = n.ends_at AND e.pool = n.pool
      WHERE e.department_id = $1 AND e.schedule_id IS NOT NULL
        AND coalesce(e.doctor_name, '') = coalesce($5, '')
      ORDER BY e.starts_at LIMIT 1`,
    [
      departmentId,
      slots.map((s) => s.startsAt),
      slots.map((s) => s.endsAt),
      slots.map((s) => s.pool),
      doctorName,
    ],
  );
  if (repeat)
    throw AppError.conflict(
      `This schedule repeats one already published: the ${repeat.pool} slot at ${isoRequired(repeat.starts_at)} exists; publish only new days or sessions`,
    );
}

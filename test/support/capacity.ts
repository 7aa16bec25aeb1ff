/** Capacity the tests publish (slots by day and time, schedules from one set of defaults) and check. */
import type { z } from 'zod';
import type { publishScheduleSchema } from '@app/shared';

/** Fields a test may set on a schedule: the request's own, so a misspelt one does not compile. */
type ScheduleFields = Partial<z.input<typeof publishScheduleSchema>>;

/** A slot to publish on `day` (a localDay) from `start` to `end` (HH:MM, China time). */
export function slotOn(
  day: string,
  start: string,
  end: string,
  capacity: number,
  pool: 'REFERRAL' | 'GENERAL',
) {
  return { startsAt: `${day}T${start}:00+08:00`, endsAt: `${day}T${end}:00+08:00`, capacity, pool };
}

/**
 * A capacity schedule on every day of the week from `fromDate` to `toDate`: 08:00–10:00 in
 * half-hour slots of 1 REFERRAL and 2 GENERAL places, unless `over` says otherwise.
 */
export function schedule(
  departmentId: string,
  fromDate: string,
  toDate: string,
  over: ScheduleFields = {},
) {
  return {
    departmentId,
    fromDate,
    toDate,
    daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
    sessions: [{ start: '08:00', end: '10:00' }],
    slotMinutes: 30,
    referralCapacityPerSlot: 1,
    generalCapacityPerSlot: 2,
    ...over,
  };
}

/** Slots with a negative counter or more places held and booked than they have: none, ever. */
export const OVERBOOKED_SLOTS = `SELECT id FROM referral.slots WHERE held < 0 OR booked < 0 OR held + booked > capacity`;

/** Slots whose held and booked counters disagree with their reservations: none, ever. */
export const SLOTS_OUT_OF_STEP = `SELECT s.id FROM referral.slots s
   WHERE s.held <> (SELECT count(*) FROM referral.reservations r WHERE r.slot_id = s.id AND r.status = 'HELD')
      OR s.booked <> (SELECT count(*) FROM referral.reservations r WHERE r.slot_id = s.id AND r.status IN ('BOOKED', 'CONSUMED'))`;

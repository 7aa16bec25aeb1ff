import { ParsedRequestOf, ReferralContracts } from '@app/shared';
import { localInstant } from '../common/time';

export interface NewSlot {
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  pool: 'REFERRAL' | 'GENERAL';
  doctorName?: string | null;
}

type Schedule = ParsedRequestOf<typeof ReferralContracts.publishSchedule>;

/**
 * R3: the slots a weekly schedule makes, in local time (Asia/Shanghai), a REFERRAL and a GENERAL
 * slot per time window where each has capacity. Callers bound the count first
 * (scheduleSlotCount); this only builds what was counted.
 */
export function scheduleSlots(s: Schedule): NewSlot[] {
  const slots: NewSlot[] = [];
  const days = new Set(s.daysOfWeek);
  const step = s.slotMinutes * 60_000;
  const last = Date.parse(`${s.toDate}T00:00:00Z`);
  for (let day = Date.parse(`${s.fromDate}T00:00:00Z`); day <= last; day += 86_400_000) {
    const isoDow = ((new Date(day).getUTCDay() + 6) % 7) + 1;
    if (!days.has(isoDow)) continue;
    const date = new Date(day).toISOString().slice(0, 10);
    for (const session of s.sessions) {
      const end = localInstant(date, session.end).getTime();
      for (let t = localInstant(date, session.start).getTime(); t + step <= end; t += step) {
        const window = { startsAt: new Date(t), endsAt: new Date(t + step) };
        if (s.referralCapacityPerSlot > 0)
          slots.push({ ...window, capacity: s.referralCapacityPerSlot, pool: 'REFERRAL' });
        if (s.generalCapacityPerSlot > 0)
          slots.push({ ...window, capacity: s.generalCapacityPerSlot, pool: 'GENERAL' });
      }
    }
  }
  return slots;
}

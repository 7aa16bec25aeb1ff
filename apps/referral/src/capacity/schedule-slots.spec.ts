import fc from 'fast-check';
import { publishScheduleSchema, scheduleSlotCount } from '@app/shared';
import { scheduleSlots } from './schedule-slots';

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

describe('schedule slot count (security review #1)', () => {
  it('counts by arithmetic exactly what building the schedule would make', () => {
    const schedule = fc
      .record({
        fromOffset: fc.integer({ min: 0, max: 3000 }),
        days: fc.integer({ min: 0, max: 60 }),
        daysOfWeek: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
        start: fc.integer({ min: 0, max: 23 * 60 }),
        length: fc.integer({ min: 5, max: 600 }),
        slotMinutes: fc.integer({ min: 5, max: 240 }),
        referral: fc.integer({ min: 0, max: 3 }),
        general: fc.integer({ min: 0, max: 3 }),
      })
      .map((r) => {
        const from = new Date(Date.UTC(2027, 0, 1) + r.fromOffset * 86_400_000);
        const to = new Date(from.getTime() + r.days * 86_400_000);
        return {
          departmentId: '6f2b1c1e-0000-4000-8000-000000000001',
          fromDate: from.toISOString().slice(0, 10),
          toDate: to.toISOString().slice(0, 10),
          daysOfWeek: r.daysOfWeek,
          sessions: [
            { start: hhmm(r.start), end: hhmm(Math.min(r.start + r.length, 23 * 60 + 59)) },
          ],
          slotMinutes: r.slotMinutes,
          referralCapacityPerSlot: r.referral,
          generalCapacityPerSlot: r.general,
        };
      });
    fc.assert(
      fc.property(schedule, (s) => {
        expect(scheduleSlotCount(s)).toBe(scheduleSlots(s).length);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses the review’s schedule in the contract, without building anything', () => {
    const parsed = publishScheduleSchema.safeParse({
      departmentId: '6f2b1c1e-0000-4000-8000-000000000001',
      fromDate: '2027-01-01',
      toDate: '2100-12-31',
      daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
      sessions: [{ start: '00:00', end: '23:59' }],
      slotMinutes: 5,
      referralCapacityPerSlot: 1,
      generalCapacityPerSlot: 2,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/at most 366 days/),
    ]);
  });
});

import { demoWorld, localDay } from '../security/fixtures';
import { slotOn } from '../support/capacity';
import { sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { startSystem, System } from '../support/system';

/**
 * Issue 13 item 4: a REFERRAL slot the release rule (R4) will move to GENERAL within its lead
 * time is flagged when published and in slot search, and an identical schedule published twice
 * is refused instead of doubling a department's places.
 */
describe('publishing capacity (e2e)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;

  beforeAll(async () => {
    isolation = await isolatedRun('capacitypublishing');
    sys = await startSystem();
    w = await demoWorld(sys);
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('warns of REFERRAL places inside the release lead time and shows when each is released', async () => {
    const soon = new Date(Date.now() + 2 * 3600_000);
    const end = new Date(soon.getTime() + 30 * 60_000);
    const published = await w.as['rm.coord'].post('/api/v1/capacity/slots', {
      departmentId: w.cardiology,
      slots: [
        { startsAt: soon.toISOString(), endsAt: end.toISOString(), capacity: 1, pool: 'REFERRAL' },
        { startsAt: soon.toISOString(), endsAt: end.toISOString(), capacity: 2, pool: 'GENERAL' },
      ],
    });
    expect(published.status).toBe(201);
    expect(published.body.warnings).toEqual([
      expect.stringMatching(/^1 REFERRAL slot\(s\) start within the release lead time \(24 h\)/),
    ]);
    const referral = published.body.slots.find((s: { pool: string }) => s.pool === 'REFERRAL');
    // Default lead time 1,440 minutes: released a day before it starts, i.e. already due.
    expect(Date.parse(referral.releasesToGeneralAt)).toBe(soon.getTime() - 1440 * 60_000);
    expect(
      published.body.slots.find((s: { pool: string }) => s.pool === 'GENERAL').releasesToGeneralAt,
    ).toBeNull();
    const later = localDay(5);
    const calm = await w.as['rm.coord'].post('/api/v1/capacity/slots', {
      departmentId: w.cardiology,
      slots: [
        slotOn(later, '09:00', '09:30', 1, 'REFERRAL'),
        slotOn(later, '09:00', '09:30', 2, 'GENERAL'),
      ],
    });
    expect(calm.body.warnings).toEqual([]);
    const found = await w.as['pj.coord'].get(
      `/api/v1/capacity/slots?institutionId=${w.lead}&departmentId=${w.cardiology}&from=${later}T00:00:00%2B08:00&to=${later}T23:59:00%2B08:00&pool=REFERRAL`,
    );
    expect(found.body.items).toEqual([
      expect.objectContaining({
        releasesToGeneralAt: new Date(
          Date.parse(`${later}T09:00:00+08:00`) - 86_400_000,
        ).toISOString(),
      }),
    ]);
  });

  it('refuses a schedule that repeats one already published, and changes nothing', async () => {
    const schedule = {
      departmentId: w.cardiology,
      doctorName: '王医生',
      fromDate: localDay(10),
      toDate: localDay(16),
      daysOfWeek: [1, 2, 3, 4, 5],
      sessions: [{ start: '08:00', end: '11:00' }],
      slotMinutes: 30,
      referralCapacityPerSlot: 2,
      generalCapacityPerSlot: 4,
    };
    const first = await w.as['rm.coord'].post('/api/v1/capacity/schedules', schedule);
    expect(first.status).toBe(201);
    const count = async () =>
      (await sql<{ n: number }>('SELECT count(*)::int AS n FROM referral.slots'))[0].n;
    const before = await count();
    const again = await w.as['rm.coord'].post('/api/v1/capacity/schedules', {
      ...schedule,
      fromDate: localDay(14), // overlaps the first one's last days
      toDate: localDay(20),
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/repeats one already published/);
    expect(await count()).toBe(before);
    // Another doctor's sessions, or new days, are new places.
    const other = await w.as['rm.coord'].post('/api/v1/capacity/schedules', {
      ...schedule,
      doctorName: '李医生',
    });
    expect(other.status).toBe(201);
  });
});

import { Api, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { login, startSystem, System } from '../support/system';
import { ctInstance, demoWorld, localDay, residentId, uploadAs } from './fixtures';

const MIN = 60_000;
/** Milliseconds between two ISO instants (or Dates), exactly. */
const gap = (later: string | Date, earlier: string | Date) =>
  new Date(later).getTime() - new Date(earlier).getTime();

/**
 * Issue 13 item 14, deadline arithmetic to the minute. Every deadline is `now() + N minutes` in
 * one transaction with the instant it counts from, so the difference is exact to the
 * millisecond. The numbers are the schema defaults: turnaround STAT 30 / URGENT 120 / ROUTINE
 * 1440 min, lease 10 min, critical acknowledgement 30 min (remote-diagnosis migrations 004 and
 * 005); hold 15 min, emergency hold 120 min, response expiry 2880 min (referral migration 001).
 * Then the hold racing its accept: either booked or 409 with the place given back, never both.
 */
describe('risk: deadlines to the minute, and a hold expiring under its accept', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let rmAdmin: Api;
  let patientId: string;
  let n = 0;
  const uid = () => `1.2.826.0.1.3680043.10.141.${process.pid}.${++n}`;

  beforeAll(async () => {
    isolation = await isolatedRun('riskdeadlines');
    // The sweep runs only when asked (or at a hold's own expiry): the race below is the accept's.
    sys = await startSystem({}, { SWEEP_INTERVAL_MS: '3600000' });
    w = await demoWorld(sys);
    rmAdmin = new Api(sys.url, await login(sys.url, 'rm.admin'));
    patientId = (
      await w.as['pj.doctor'].post('/api/v1/patients', {
        residentId: residentId('19580203', 141),
        name: '时限患者',
      })
    ).body.id;
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  const queue = async (priority: 'STAT' | 'URGENT' | 'ROUTINE') => {
    const up = await uploadAs(sys, w.as['pj.doctor'].token, ctInstance(uid()));
    expect(up.status).toBe(201);
    const res = await w.as['pj.doctor'].post(`/api/v1/studies/${up.body.studyId}/reading-request`, {
      centerId: w.imaging,
      priority,
      clinicalHistory: '胸痛',
      question: '?',
      patientId,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; requestedAt: string; dueAt: string; priority: string };
  };

  describe('reading turnaround, lease and acknowledgement', () => {
    it.each([
      ['STAT', 30],
      ['URGENT', 120],
      ['ROUTINE', 1440],
    ] as const)('a %s reading is due exactly %i minutes after the request', async (p, minutes) => {
      const study = await queue(p);
      expect(study.priority).toBe(p);
      expect(gap(study.dueAt, study.requestedAt)).toBe(minutes * MIN);
      const [row] = await sql<{ ms: number }>(
        `SELECT (extract(epoch FROM due_at - requested_at) * 1000)::float8 AS ms FROM diagnosis.studies WHERE id = $1`,
        [study.id],
      );
      expect(row.ms).toBe(minutes * MIN);
    });

    it('a changed center target applies exactly to the next request, not to queued ones', async () => {
      const before = await queue('STAT');
      const set = await rmAdmin.patch(`/api/v1/reading-centers/${w.imaging}/settings`, {
        statMinutes: 45,
      });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ statMinutes: 45, urgentMinutes: 120, leaseMinutes: 10 });
      try {
        const after = await queue('STAT');
        expect(gap(after.dueAt, after.requestedAt)).toBe(45 * MIN);
        const [still] = await sql<{ due_at: Date; requested_at: Date }>(
          `SELECT due_at, requested_at FROM diagnosis.studies WHERE id = $1`,
          [before.id],
        );
        expect(gap(still.due_at, still.requested_at)).toBe(30 * MIN);
      } finally {
        await rmAdmin.patch(`/api/v1/reading-centers/${w.imaging}/settings`, { statMinutes: 30 });
      }
    });

    it('a claim leases for exactly 10 minutes; a heartbeat moves it to its own time + 10 minutes', async () => {
      const study = await queue('STAT');
      const claimed = await w.as['rm.reader'].post(`/api/v1/studies/${study.id}/claim`);
      expect(claimed.status).toBe(200);
      // The claim event is written in the claim's transaction: its occurred_at is that now().
      const [ev] = await sql<{ occurred_at: Date }>(
        `SELECT occurred_at FROM diagnosis.outbox WHERE type = 'study.claimed' AND aggregate_id = $1`,
        [study.id],
      );
      expect(gap(claimed.body.lease.expiresAt, ev.occurred_at)).toBe(10 * MIN);
      // Move the lease near its end, then extend it: the new end is the heartbeat's now() + 10.
      await sql(
        `UPDATE diagnosis.studies SET lease_expires_at = now() + interval '20 seconds' WHERE id = $1`,
        [study.id],
      );
      const t0 = Date.now();
      const beat = await w.as['rm.reader'].post(`/api/v1/studies/${study.id}/heartbeat`);
      const t1 = Date.now();
      expect(beat.status).toBe(200);
      const extended = Date.parse(beat.body.lease.expiresAt);
      // The database and this process share the machine's clock: the heartbeat's own instant
      // lies between the request and its answer.
      expect(extended - 10 * MIN).toBeGreaterThanOrEqual(t0 - 5);
      expect(extended - 10 * MIN).toBeLessThanOrEqual(t1 + 5);
      const [row] = await sql<{ lease_expires_at: Date }>(
        `SELECT lease_expires_at FROM diagnosis.studies WHERE id = $1`,
        [study.id],
      );
      expect(row.lease_expires_at.getTime()).toBe(extended);
      // A lease that ran out is not extended: the reader claims again.
      await sql(
        `UPDATE diagnosis.studies SET lease_expires_at = now() - interval '1 second' WHERE id = $1`,
        [study.id],
      );
      const late = await w.as['rm.reader'].post(`/api/v1/studies/${study.id}/heartbeat`);
      expect(late.status).toBe(409);
      expect(late.headers['content-type']).toMatch(/problem\+json/);
    });

    it('a critical finding must be acknowledged exactly 30 minutes after it was raised', async () => {
      const study = await queue('URGENT');
      expect((await w.as['rm.senior'].post(`/api/v1/studies/${study.id}/claim`)).status).toBe(200);
      const raised = await w.as['rm.senior'].post(`/api/v1/studies/${study.id}/critical`, {
        description: '张力性气胸',
      });
      expect(raised.status).toBe(201);
      expect(gap(raised.body.ackDeadline, raised.body.raisedAt)).toBe(30 * MIN);
      const [row] = await sql<{ ack_deadline: Date; raised_at: Date }>(
        `SELECT ack_deadline, raised_at FROM diagnosis.critical_findings WHERE id = $1`,
        [raised.body.id],
      );
      expect(gap(row.ack_deadline, row.raised_at)).toBe(30 * MIN);
    });
  });

  describe('referral response and hold deadlines', () => {
    let slots: string[] = [];

    beforeAll(async () => {
      const day = localDay(4);
      const published = await w.as['rm.coord'].post('/api/v1/capacity/slots', {
        departmentId: w.cardiology,
        slots: Array.from({ length: 6 }, (_, i) => ({
          startsAt: `${day}T${String(8 + i).padStart(2, '0')}:00:00+08:00`,
          endsAt: `${day}T${String(8 + i).padStart(2, '0')}:30:00+08:00`,
          capacity: 1,
          pool: 'REFERRAL',
        })),
      });
      expect(published.status).toBe(201);
      slots = published.body.slots.map((s: { id: string }) => s.id);
      const bedsRes = await w.as['rm.coord'].post('/api/v1/capacity/beds', {
        departmentId: w.ward,
        beds: [{ number: 'R-141', pool: 'REFERRAL' }],
      });
      expect(bedsRes.status).toBe(201);
    });

    const referral = (over: object = {}) =>
      w.as['pj.coord'].post('/api/v1/referrals', {
        direction: 'UP',
        toInstitutionId: w.lead,
        patientId,
        diagnoses: ['I20.0'],
        reason: '不稳定型心绞痛',
        ...over,
      });
    const reservationOf = async (referralId: string) =>
      (
        await sql<{ id: string; status: string; expires_at: Date | null; created_at: Date }>(
          `SELECT id, status, expires_at, created_at FROM referral.reservations WHERE referral_id = $1`,
          [referralId],
        )
      )[0];

    it('a referral must be answered exactly 2880 minutes after it was submitted; by default a hold lasts as long', async () => {
      const r = await referral({ hold: { kind: 'SLOT', slotId: slots[0] } });
      expect(r.status).toBe(201);
      expect(gap(r.body.respondBy, r.body.createdAt)).toBe(2880 * MIN);
      const rv = await reservationOf(r.body.id);
      expect(rv.status).toBe('HELD');
      // holdUntilResponseDue: max(15 min, until the answer is due), taken on the service's clock.
      expect(Math.abs(gap(rv.expires_at!, r.body.respondBy))).toBeLessThan(1000);
      expect(r.body.reservation.expiresAt).toBe(rv.expires_at!.toISOString());
      await w.as['pj.coord'].post(`/api/v1/referrals/${r.body.id}/cancel`, { reason: '撤回' });
    });

    it('with holds not tied to the answer, a hold lasts exactly 15 minutes; a green channel bed 120', async () => {
      const set = await rmAdmin.patch('/api/v1/referral-policy', { holdUntilResponseDue: false });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ holdMinutes: 15, emergencyHoldMinutes: 120 });
      const r = await referral({ hold: { kind: 'SLOT', slotId: slots[1] } });
      expect(r.status).toBe(201);
      const rv = await reservationOf(r.body.id);
      expect(gap(rv.expires_at!, rv.created_at)).toBe(15 * MIN);
      // A hold placed later on its own (POST :id/hold) counts from its own moment.
      const later = await referral();
      const held = await w.as['pj.coord'].post(`/api/v1/referrals/${later.body.id}/hold`, {
        kind: 'SLOT',
        slotId: slots[2],
      });
      expect(held.status).toBe(200);
      const rv2 = await reservationOf(later.body.id);
      expect(gap(rv2.expires_at!, rv2.created_at)).toBe(15 * MIN);
      const green = await referral({
        greenChannel: 'CHEST_PAIN',
        toDepartmentId: w.ward,
        diagnoses: ['I21.0'],
      });
      expect(green.status).toBe(201);
      const rv3 = await reservationOf(green.body.id);
      expect(rv3).toBeDefined();
      expect(gap(rv3.expires_at!, rv3.created_at)).toBe(120 * MIN);
      for (const id of [r.body.id, later.body.id, green.body.id])
        await w.as['pj.coord'].post(`/api/v1/referrals/${id}/cancel`, { reason: '撤回' });
    });

    /**
     * The hold's expiry is set a few milliseconds around the accept. Whatever wins, the outcome is
     * one of two whole states, and the slot's counters add up to its reservations.
     */
    it('an accept at the hold’s deadline either books the place or answers 409 and gives it back', async () => {
      const outcomes: number[] = [];
      for (const [i, offsetMs] of [-1000, -5, 0, 5, 20, 50, 1000].entries()) {
        const slotId = slots[3 + (i % 3)];
        const r = await referral({ hold: { kind: 'SLOT', slotId } });
        expect([i, r.status]).toEqual([i, 201]);
        await sql(
          `UPDATE referral.reservations SET expires_at = now() + make_interval(secs => $2::float8 / 1000) WHERE referral_id = $1`,
          [r.body.id, offsetMs],
        );
        // The sweep races the accept too, as the hold's own wake-up would.
        const [accepted] = await Promise.all([
          w.as['rm.coord'].post(`/api/v1/referrals/${r.body.id}/accept`, { reason: '已安排' }),
          rmAdmin.post('/api/v1/referral-sweep'),
        ]);
        outcomes.push(accepted.status);
        const detail = (await w.as['pj.coord'].get(`/api/v1/referrals/${r.body.id}`)).body;
        const rv = await reservationOf(r.body.id);
        const [slot] = await sql<{ held: number; booked: number }>(
          `SELECT held, booked FROM referral.slots WHERE id = $1`,
          [slotId],
        );
        if (accepted.status === 200) {
          expect([offsetMs, detail.status, rv.status, slot]).toEqual([
            offsetMs,
            'ACCEPTED',
            'BOOKED',
            { held: 0, booked: 1 },
          ]);
          // Give the slot back for the next round.
          await w.as['pj.coord'].post(`/api/v1/referrals/${r.body.id}/cancel`, { reason: '撤回' });
        } else {
          expect(accepted.headers['content-type']).toMatch(/problem\+json/);
          expect([offsetMs, accepted.status, detail.status, rv.status, slot]).toEqual([
            offsetMs,
            409,
            'SUBMITTED',
            'RELEASED',
            { held: 0, booked: 0 },
          ]);
          await w.as['pj.coord'].post(`/api/v1/referrals/${r.body.id}/cancel`, { reason: '撤回' });
        }
        const [counts] = await sql<{
          held: number;
          booked: number;
          rv_held: number;
          rv_booked: number;
        }>(
          `SELECT s.held, s.booked,
                  (SELECT count(*) FROM referral.reservations v WHERE v.slot_id = s.id AND v.status = 'HELD')::int AS rv_held,
                  (SELECT count(*) FROM referral.reservations v WHERE v.slot_id = s.id AND v.status = 'BOOKED')::int AS rv_booked
             FROM referral.slots s WHERE s.id = $1`,
          [slotId],
        );
        expect([offsetMs, counts.held, counts.booked]).toEqual([
          offsetMs,
          counts.rv_held,
          counts.rv_booked,
        ]);
      }
      // A hold already past its deadline is never booked, one still 1 s away always is.
      expect(outcomes[0]).toBe(409);
      expect(outcomes[outcomes.length - 1]).toBe(200);
    });
  });
});

import { ctInstance, demoWorld, uploadAs } from '../security/fixtures';
import { Api, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { login, startSystem, System } from '../support/system';

/**
 * Issue 12 item 12: a community admin sets a reading center's turnaround targets per priority
 * (and approval and lease); the defaults are documented, the order of targets is enforced, and
 * a new reading request is due by the center's target.
 */
describe('reading-center settings (e2e)', () => {
  let sys: System;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let zyAdmin: Api;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;

  beforeAll(async () => {
    isolation = await isolatedRun('readingcenters');
    sys = await startSystem();
    w = await demoWorld(sys);
    zyAdmin = new Api(sys.url, await login(sys.url, 'zy.admin'));
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('answers the documented defaults: STAT 30 min, URGENT 2 h, ROUTINE 24 h, senior approval', async () => {
    const res = await w.as['rm.reader'].get(`/api/v1/reading-centers/${w.ecgCenter}/settings`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      centerId: w.ecgCenter,
      requiresSeniorApproval: true,
      statMinutes: 30,
      urgentMinutes: 120,
      routineMinutes: 1440,
      leaseMinutes: 10,
    });
  });

  it('lets the community admin set targets, and refuses targets that shrink with urgency', async () => {
    const url = `/api/v1/reading-centers/${w.ecgCenter}/settings`;
    const admin = w.as['rm.admin'];
    const set = await admin.patch(url, { statMinutes: 20, urgentMinutes: 60 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ statMinutes: 20, urgentMinutes: 60, routineMinutes: 1440 });
    const before = await sql('SELECT * FROM diagnosis.center_settings WHERE center_id = $1', [
      w.ecgCenter,
    ]);
    const inverted = await admin.patch(url, { statMinutes: 90 });
    expect(inverted.status).toBe(400);
    expect(inverted.body.detail).toMatch(/STAT 90 ≤ URGENT 60/);
    expect((await admin.patch(url, {})).status).toBe(400);
    expect((await admin.patch(url, { leaseMinutes: 0 })).status).toBe(400);
    expect((await admin.patch(url, { statMinutes: 'soon' })).status).toBe(400);
    expect((await w.as['rm.senior'].patch(url, { statMinutes: 10 })).status).toBe(403);
    expect((await zyAdmin.get(url)).status).toBe(404); // another 医联体's center
    expect((await zyAdmin.patch(url, { statMinutes: 10 })).status).toBe(404);
    expect(
      await sql('SELECT * FROM diagnosis.center_settings WHERE center_id = $1', [w.ecgCenter]),
    ).toEqual(before);

    // A reading request made now is due by the center's new STAT target.
    const up = await uploadAs(
      sys,
      w.as['pj.doctor'].token,
      ctInstance(`1.2.826.0.1.3680043.10.91.${process.pid}`),
    );
    const requested = await w.as['pj.doctor'].post(
      `/api/v1/studies/${up.body.studyId}/reading-request`,
      {
        centerId: w.ecgCenter,
        priority: 'STAT',
        clinicalHistory: '胸痛',
        question: '急性心梗？',
      },
    );
    expect(requested.status).toBe(201);
    const dueInMinutes = (Date.parse(requested.body.dueAt) - Date.now()) / 60_000;
    expect(dueInMinutes).toBeGreaterThan(18);
    expect(dueInMinutes).toBeLessThanOrEqual(20);
  });
});

import { ctInstance, demoWorld, uploadAs } from '../security/fixtures';
import { isolatedRun } from '../support/isolated-run';
import { startSystem, System } from '../support/system';

/**
 * Issue 13 item 3: a reader sees the worklist of their centers in queue order (priority, age,
 * due time), claims the next from a named center or a study picked from the list, and
 * `GET /studies` shows them exactly what `GET /studies/:id` lets them open.
 */
describe('reader worklist (e2e)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  const ids: Record<'routine' | 'stat' | 'ecg', string> = { routine: '', stat: '', ecg: '' };

  beforeAll(async () => {
    isolation = await isolatedRun('worklist');
    sys = await startSystem();
    w = await demoWorld(sys);
    const send = async (n: number, centerId: string, priority: string) => {
      const up = await uploadAs(
        sys,
        w.as['pj.doctor'].token,
        ctInstance(`1.2.826.0.1.3680043.10.97.${process.pid}.${n}`),
      );
      const res = await w.as['pj.doctor'].post(
        `/api/v1/studies/${up.body.studyId}/reading-request`,
        {
          centerId,
          priority,
          clinicalHistory: '咳嗽两周',
          question: '肺炎？',
        },
      );
      expect(res.status).toBe(201);
      return up.body.studyId as string;
    };
    ids.routine = await send(1, w.imaging, 'ROUTINE');
    ids.stat = await send(2, w.imaging, 'STAT');
    ids.ecg = await send(3, w.ecgCenter, 'URGENT');
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('lists the queue of the reader’s centers in claim order, with age and due time', async () => {
    const res = await w.as['rm.reader'].get('/api/v1/worklist');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2); // rm.reader reads imaging only: not the ECG center's study
    expect(res.body.items.map((i: { studyId: string }) => i.studyId)).toEqual([
      ids.stat,
      ids.routine,
    ]);
    const [stat] = res.body.items;
    expect(stat).toMatchObject({ priority: 'STAT', centerId: w.imaging, overdue: false });
    expect(stat.ageMinutes).toBeGreaterThanOrEqual(0);
    const dueIn = (Date.parse(stat.dueAt) - Date.now()) / 60_000;
    expect(dueIn).toBeGreaterThan(25);
    expect(dueIn).toBeLessThanOrEqual(30);
    const ecg = await w.as['rm.ecg'].get('/api/v1/worklist');
    expect(ecg.body.items.map((i: { studyId: string }) => i.studyId)).toEqual([ids.ecg]);
    const filtered = await w.as['rm.senior'].get(
      `/api/v1/worklist?centerId=${w.imaging}&priority=ROUTINE`,
    );
    expect(filtered.body.items.map((i: { studyId: string }) => i.studyId)).toEqual([ids.routine]);
    expect((await w.as['rm.reader'].get(`/api/v1/worklist?centerId=${w.ecgCenter}`)).status).toBe(
      403,
    );
    expect((await w.as['pj.doctor'].get('/api/v1/worklist')).status).toBe(403);
    expect((await w.as['rm.reader'].get('/api/v1/worklist?limit=0')).status).toBe(400);
  });

  it('claims a study picked from the list, once', async () => {
    const claimed = await w.as['rm.reader'].post(`/api/v1/studies/${ids.routine}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({
      id: ids.routine,
      status: 'IN_PROGRESS',
      lease: expect.objectContaining({ readerName: expect.any(String) }),
    });
    const again = await w.as['rm.senior'].post(`/api/v1/studies/${ids.routine}/claim`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/another reader/);
    expect((await w.as['rm.ecg'].post(`/api/v1/studies/${ids.stat}/claim`)).status).toBe(404);
    const left = await w.as['rm.reader'].get('/api/v1/worklist');
    expect(left.body.items.map((i: { studyId: string }) => i.studyId)).toEqual([ids.stat]);
  });

  it('claims the next from a named center', async () => {
    const next = await w.as['rm.senior'].post('/api/v1/worklist/claim', { centerId: w.imaging });
    expect(next.body.study).toMatchObject({ id: ids.stat, status: 'IN_PROGRESS' });
  });

  it('lists for a reader exactly the studies the reader may open', async () => {
    const listed = (await w.as['rm.reader'].get('/api/v1/studies?limit=200')).body.items.map(
      (s: { id: string }) => s.id,
    );
    expect(listed.sort()).toEqual([ids.routine, ids.stat].sort());
    for (const id of Object.values(ids))
      expect((await w.as['rm.reader'].get(`/api/v1/studies/${id}`)).status).toBe(
        listed.includes(id) ? 200 : 404,
      );
    const ecgListed = (await w.as['rm.ecg'].get('/api/v1/studies')).body.items.map(
      (s: { id: string }) => s.id,
    );
    expect(ecgListed).toEqual([ids.ecg]);
  });
});

import { Redis } from 'ioredis';
import { Api, eventually, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { ctInstance } from '../support/dicom-builders';
import { login, startSystem, System } from '../support/system';
import { testEnv } from '../support/test-env';
import { uploadAs } from '../support/uploads';

let counter = 0;

/** D3–D5 through the gateway: request → queue → claim → report → approve → the clinic reads it. */
describe('reading workflow (e2e)', () => {
  let sys: System;
  let clinic: Api; // 屏锦中心卫生院
  let reader: Api; // 梁平区人民医院 报告医生
  let senior: Api; // 审核医生 (also a reader)
  let admin: Api;
  let imaging: string;

  async function uploadStudy(): Promise<string> {
    const n = ++counter;
    const study = `1.2.826.0.1.3680043.10.2.${process.pid}.${n}`;
    const res = await uploadAs(sys, clinic.token, ctInstance(study, [], { pixels: 2048 }));
    expect(res.status).toBe(201);
    return res.body.studyId;
  }
  const requestReading = (studyId: string, priority = 'ROUTINE') =>
    clinic.post(`/api/v1/studies/${studyId}/reading-request`, {
      centerId: imaging,
      priority,
      clinicalHistory: '咳嗽两周，发热',
      question: '肺部感染？',
    });

  let isolation: Awaited<ReturnType<typeof isolatedRun>>;

  beforeAll(async () => {
    // Its indicator figures are taken from the whole database: a database of its own, so no
    // other suite's studies change them (issue 13 item 13).
    isolation = await isolatedRun('reading');
    sys = await startSystem({}, {}, { SWEEP_INTERVAL_MS: '400' });
    const [c, r, s, a] = await Promise.all(
      ['pj.doctor', 'rm.reader', 'rm.senior', 'rm.admin'].map((u) => login(sys.url, u)),
    );
    [clinic, reader, senior, admin] = [c, r, s, a].map((t) => new Api(sys.url, t));
    const lead = (await clinic.get('/api/v1/institutions?type=LEAD_HOSPITAL')).body[0].id;
    imaging = (await reader.get(`/api/v1/institutions/${lead}/departments`)).body.find(
      (d: { kind: string }) => d.kind === 'IMAGING_CENTER',
    ).id;
    // The diagnosis service learns the reading centers from the directory events.
    await eventually(
      'diagnosis directory replica',
      async () =>
        (await sql(`SELECT 1 FROM diagnosis.dir_departments WHERE id = $1`, [imaging])).length > 0,
    );
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  async function drainQueue() {
    // Earlier tests may leave queued studies; claim and release them out of the way.
    await sql(
      `UPDATE diagnosis.studies SET status = 'RETURNED', returned_reason = 'test reset' WHERE status = 'QUEUED'`,
    );
  }

  it('goes from upload to a final report the clinic can read', async () => {
    await drainQueue();
    const studyId = await uploadStudy();
    const queued = await requestReading(studyId);
    expect(queued.status).toBe(201);
    expect(queued.body).toMatchObject({ status: 'QUEUED', priority: 'ROUTINE', centerId: imaging });
    const claim = await reader.post('/api/v1/worklist/claim', {});
    expect(claim.body.study).toMatchObject({
      id: studyId,
      status: 'IN_PROGRESS',
      lease: { readerName: '区人民医院 报告医生' },
    });
    expect((await senior.post('/api/v1/worklist/claim', {})).body.study).toBeNull();
    expect(
      (
        await senior.post(`/api/v1/studies/${studyId}/report/draft`, {
          findings: 'x',
          impression: 'y',
        })
      ).status,
    ).toBe(403);
    expect((await reader.post(`/api/v1/studies/${studyId}/report/sign`)).status).toBe(409); // nothing drafted yet
    await reader.post(`/api/v1/studies/${studyId}/report/draft`, {
      findings: '右下肺见斑片状高密度影',
      impression: '右下肺炎',
    });
    const signed = await reader.post(`/api/v1/studies/${studyId}/report/sign`);
    expect(signed.body).toMatchObject({
      status: 'PRELIMINARY',
      lease: null,
      reports: [{ version: 1, status: 'PRELIMINARY' }],
    });
    // The clinic does not see a preliminary report.
    expect((await clinic.get(`/api/v1/studies/${studyId}`)).body.reports).toEqual([]);
    expect((await reader.post(`/api/v1/studies/${studyId}/report/approve`)).status).toBe(403); // not a senior reader
    const approved = await senior.post(`/api/v1/studies/${studyId}/report/approve`);
    expect(approved.body).toMatchObject({
      status: 'FINAL',
      reports: [{ status: 'FINAL', approvedByName: '区人民医院 审核医生' }],
    });
    const seen = (await clinic.get(`/api/v1/studies/${studyId}`)).body;
    expect(seen).toMatchObject({
      status: 'FINAL',
      reports: [{ version: 1, impression: '右下肺炎', status: 'FINAL' }],
    });
    const events = await eventually('events relayed', async () => {
      const rows = await sql<{ type: string }>(
        `SELECT type FROM diagnosis.outbox WHERE aggregate_id = $1 AND published_at IS NOT NULL ORDER BY seq`,
        [studyId],
      );
      return rows.length >= 5 && rows;
    });
    expect(events.map((e) => e.type)).toEqual([
      'study.received',
      'study.queued',
      'study.claimed',
      'report.preliminary',
      'report.finalized',
    ]);
  });

  it('never lets a senior reader approve their own report', async () => {
    await drainQueue();
    const studyId = await uploadStudy();
    await requestReading(studyId);
    expect((await senior.post('/api/v1/worklist/claim', {})).body.study.id).toBe(studyId);
    await senior.post(`/api/v1/studies/${studyId}/report/draft`, {
      findings: '未见异常',
      impression: '胸部CT未见明显异常',
    });
    await senior.post(`/api/v1/studies/${studyId}/report/sign`);
    const own = await senior.post(`/api/v1/studies/${studyId}/report/approve`);
    expect(own.status).toBe(403);
    expect(own.body.detail).toContain('other than its author');
  });

  it('keeps every version when a final report is amended', async () => {
    await drainQueue();
    const studyId = await uploadStudy();
    await requestReading(studyId);
    await reader.post('/api/v1/worklist/claim', {});
    await reader.post(`/api/v1/studies/${studyId}/report/draft`, {
      findings: '所见一',
      impression: '诊断一',
    });
    await reader.post(`/api/v1/studies/${studyId}/report/sign`);
    await senior.post(`/api/v1/studies/${studyId}/report/approve`);
    const amended = await reader.post(`/api/v1/studies/${studyId}/report/amend`, {
      findings: '所见二',
      impression: '诊断二',
      reason: '补充左肺结节描述',
    });
    expect(amended.body.status).toBe('PRELIMINARY');
    await senior.post(`/api/v1/studies/${studyId}/report/approve`);
    const history = (await reader.get(`/api/v1/studies/${studyId}`)).body.reports;
    expect(history.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'SUPERSEDED'],
      [2, 'FINAL'],
    ]);
    expect(history[1].amendReason).toBe('补充左肺结节描述');
    expect(
      (await clinic.get(`/api/v1/studies/${studyId}`)).body.reports.map(
        (v: { impression: string }) => v.impression,
      ),
    ).toEqual(['诊断一', '诊断二']);
  });

  it('serves STAT before urgent before routine, then the oldest first', async () => {
    await drainQueue();
    const routine = await uploadStudy();
    const stat = await uploadStudy();
    const urgent = await uploadStudy();
    await requestReading(routine, 'ROUTINE');
    await requestReading(stat, 'STAT');
    await requestReading(urgent, 'URGENT');
    const order = [];
    for (let i = 0; i < 3; i++)
      order.push((await reader.post('/api/v1/worklist/claim', {})).body.study.id);
    expect(order).toEqual([stat, urgent, routine]);
    for (const id of order) await reader.post(`/api/v1/studies/${id}/release`, { reason: 'test' });
  });

  it('never gives two racing readers the same study', async () => {
    await drainQueue();
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await uploadStudy());
    for (const id of ids) await requestReading(id);
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? senior : reader).post('/api/v1/worklist/claim', {}),
      ),
    );
    // Every claim answered (none failed and was filtered away): six with a study, four empty.
    expect(claims.map((c) => c.status)).toEqual(Array(10).fill(200));
    const got = claims.map((c) => c.body.study?.id ?? null).filter((id) => id !== null);
    expect(claims.filter((c) => c.body.study === null)).toHaveLength(4);
    expect(got).toHaveLength(6);
    expect(new Set(got).size).toBe(6);
    expect(new Set(got)).toEqual(new Set(ids));
  });

  it('returns a study to the queue when its lease expires, and keeps a heartbeat alive', async () => {
    await drainQueue();
    const studyId = await uploadStudy();
    await requestReading(studyId);
    const claimed = (await reader.post('/api/v1/worklist/claim', {})).body.study;
    expect(claimed.id).toBe(studyId);
    // Bring the lease near its end first: a heartbeat must move it strictly later, which a
    // heartbeat in the claim's own millisecond could not show.
    await sql(
      `UPDATE diagnosis.studies SET lease_expires_at = now() + interval '30 seconds' WHERE id = $1`,
      [studyId],
    );
    const beat = await reader.post(`/api/v1/studies/${studyId}/heartbeat`);
    expect(beat.status).toBe(200);
    const extended = Date.parse(beat.body.lease.expiresAt);
    expect(extended).toBeGreaterThan(Date.parse(claimed.lease.expiresAt));
    expect(extended - Date.now()).toBeGreaterThan(5 * 60_000); // not the 30 s left
    // Time passes: the lease runs out (set in the database, as a clock would).
    await sql(
      `UPDATE diagnosis.studies SET lease_expires_at = now() - interval '1 second' WHERE id = $1`,
      [studyId],
    );
    await eventually(
      'lease expiry',
      async () => (await reader.get(`/api/v1/studies/${studyId}`)).body.status === 'QUEUED',
    );
    expect(
      (
        await reader.post(`/api/v1/studies/${studyId}/report/draft`, {
          findings: 'a',
          impression: 'b',
        })
      ).status,
    ).toBe(409);
    expect((await senior.post('/api/v1/worklist/claim', {})).body.study.id).toBe(studyId);
  });

  it('sends a study back for re-examination; the clinic sees why and can request again', async () => {
    await drainQueue();
    const studyId = await uploadStudy();
    await requestReading(studyId);
    await reader.post('/api/v1/worklist/claim', {});
    const back = await reader.post(`/api/v1/studies/${studyId}/send-back`, {
      reason: '图像有运动伪影，请重新扫描',
    });
    expect(back.body).toMatchObject({
      status: 'RETURNED',
      returnedReason: '图像有运动伪影，请重新扫描',
    });
    expect((await clinic.get(`/api/v1/studies/${studyId}`)).body.returnedReason).toContain(
      '运动伪影',
    );
    expect((await requestReading(studyId, 'URGENT')).body.status).toBe('QUEUED');
  });

  it('escalates a study past its turnaround target: priority bump and an event', async () => {
    await drainQueue();
    const studyId = await uploadStudy();
    await requestReading(studyId, 'ROUTINE');
    await sql(`UPDATE diagnosis.studies SET due_at = now() - interval '1 minute' WHERE id = $1`, [
      studyId,
    ]);
    await eventually(
      'escalation',
      async () => (await reader.get(`/api/v1/studies/${studyId}`)).body.priority === 'URGENT',
    );
    expect(
      await sql(
        `SELECT count(*)::int n FROM diagnosis.outbox WHERE aggregate_id = $1 AND type = 'turnaround.breached'`,
        [studyId],
      ),
    ).toEqual([{ n: 1 }]);
    // Issue 12 item 11: the bumped priority gets its own countdown (URGENT: 120 min from now).
    const { dueAt } = (await reader.get(`/api/v1/studies/${studyId}`)).body;
    const dueInMinutes = (Date.parse(dueAt) - Date.now()) / 60_000;
    expect(dueInMinutes).toBeGreaterThan(118);
    expect(dueInMinutes).toBeLessThanOrEqual(120);
  });

  it('loses nothing when Redis is flushed: the queue is the database and the schedule comes back', async () => {
    await drainQueue();
    const studyId = await uploadStudy();
    await requestReading(studyId);
    const redis = new Redis(testEnv().REDIS_URL);
    const schedule = `${testEnv().REDIS_PREFIX}:bull:diagnosis-time:*`;
    try {
      // The flush must delete something: the sweep's schedule, at least. A sweep job running at
      // that instant writes its next run back at once (CI saw it), so flush until one leaves
      // nothing, as a real FLUSHALL between two runs would.
      let left: string[] = [];
      for (let attempt = 0; attempt < 20; attempt++) {
        const keys = await redis.keys(`${testEnv().REDIS_PREFIX}:*`);
        expect(keys.filter((k) => k.includes(':bull:diagnosis-time:')).length).toBeGreaterThan(0);
        expect(await redis.del(...keys)).toBe(keys.length);
        left = await redis.keys(schedule);
        if (left.length === 0) break;
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(left).toEqual([]);
      expect((await reader.post('/api/v1/worklist/claim', {})).body.study.id).toBe(studyId);
      // …and the schedule comes back (the sweep reconciles it).
      await eventually('the sweep schedule back in Redis', async () => {
        return (await redis.keys(schedule)).length > 0;
      });
    } finally {
      redis.disconnect();
    }
    await sql(
      `UPDATE diagnosis.studies SET lease_expires_at = now() - interval '1 second' WHERE id = $1`,
      [studyId],
    );
    await eventually(
      'lease expiry after the flush',
      async () => (await reader.get(`/api/v1/studies/${studyId}`)).body.status === 'QUEUED',
      20_000,
    );
  });

  it('refuses bad requests with problem+json', async () => {
    const studyId = await uploadStudy();
    const unknownCenter = await clinic.post(`/api/v1/studies/${studyId}/reading-request`, {
      centerId: '00000000-0000-4000-8000-000000000000',
      priority: 'STAT',
      clinicalHistory: 'x',
      question: 'y',
    });
    expect(unknownCenter.status).toBe(400);
    expect(
      (
        await clinic.post(`/api/v1/studies/${studyId}/reading-request`, {
          centerId: imaging,
          priority: 'NOW',
          clinicalHistory: 'x',
          question: 'y',
        })
      ).status,
    ).toBe(400);
    // Every step is its own operation: an unknown one is an unknown route.
    expect((await reader.post(`/api/v1/studies/${studyId}/bogus-step`)).status).toBe(404);
    expect((await admin.post('/api/v1/worklist/claim', {})).status).toBe(403);
    const other = new Api(sys.url, await login(sys.url, 'zy.reader'));
    expect((await other.get(`/api/v1/studies/${studyId}`)).status).toBe(404);
  });

  it('reports I1 indicators: per 10,000 residents, patients, turnaround and volumes', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    const q = `/api/v1/studies/indicators?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const res = await admin.get(q);
    expect(res.status).toBe(200);
    // Independent figures straight from the tables.
    const [facts] = await sql<{ finalized: number; population: number; signers: number }>(
      `SELECT (SELECT count(*)::int FROM diagnosis.studies WHERE finalized_at IS NOT NULL) AS finalized,
              (SELECT population FROM diagnosis.dir_communities c JOIN diagnosis.studies s ON s.community_id = c.id LIMIT 1) AS population,
              (SELECT count(DISTINCT author_id)::int FROM diagnosis.report_versions WHERE signed_at IS NOT NULL) AS signers`,
    );
    expect(facts.finalized).toBeGreaterThanOrEqual(2);
    const body = res.body;
    expect(body.remoteDiagnoses).toBe(facts.finalized); // every study came from 屏锦 (a township)
    expect(body.remoteDiagnosesPer10kResidents).toBeCloseTo(
      (facts.finalized * 10000) / facts.population,
      2,
    );
    // Issue 12 item 2: a study with no linked patient is not a patient; it is reported apart.
    expect(body.primaryExamUpperDiagnosis.patients).toBe(0);
    expect(body.primaryExamUpperDiagnosis.studiesWithoutPatient).toBe(facts.finalized);
    expect(body.primaryExamUpperDiagnosisPatients).toBe(0);
    expect(body.turnaroundMinutes.ROUTINE.count).toBeGreaterThanOrEqual(1);
    expect(body.turnaroundMinutes.ROUTINE.p50).toBeGreaterThanOrEqual(0);
    expect(body.byClinic).toEqual([
      expect.objectContaining({ name: '屏锦中心卫生院', finalized: facts.finalized }),
    ]);
    expect(body.byReader).toHaveLength(facts.signers);
    expect(body.byReader.map((r: { name: string }) => r.name)).toContain('区人民医院 报告医生');
    // A clinician sees their own institution only.
    expect((await clinic.get(q)).body.byClinic).toHaveLength(1);
    const lead = (await clinic.get('/api/v1/institutions?type=LEAD_HOSPITAL')).body[0].id;
    expect((await clinic.get(`${q}&institutionId=${lead}`)).status).toBe(403);
    expect((await admin.get(`${q}&institutionId=${lead}`)).body.byReader.length).toBe(
      facts.signers,
    );
    const backwards = await admin.get(
      `/api/v1/studies/indicators?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`,
    );
    expect(backwards.status).toBe(400);
    expect((await admin.get('/api/v1/studies/indicators?from=yesterday&to=today')).status).toBe(
      400,
    );
  });
});

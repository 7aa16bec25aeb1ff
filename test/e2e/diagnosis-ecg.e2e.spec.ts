import request from 'supertest';
import { syntheticEcg } from '../../libs/shared/src/waveform/fixture';
import { Api, eventually, sql } from '../support/api';
import { ctInstance } from '../support/dicom-builders';
import { login, startSystem, System } from '../support/system';
import { uploadAs } from '../support/uploads';
import { isolatedRun } from '../support/isolated-run';

// A database, NATS prefix and Redis prefix of this file's own: its fixed resident IDs and
// counts cannot meet another file's, whatever order the files run in. Jest runs these hooks
// before the describe's beforeAll (startSystem) and after its afterAll (the system stopped).
let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('diagnosisecg');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/** D2 through the gateway: ECG upload, measurement, lead data, SVG, and priority from findings. */
describe('ECG (e2e)', () => {
  let sys: System;
  let clinic: Api;
  let reader: Api;
  let ecgCenter: string;
  let n = 0;

  const upload = (body: Buffer) => uploadAs(sys, clinic.token, body);
  const ecg = (bpm: number) =>
    syntheticEcg({
      bpm,
      noiseMv: 0.02,
      wanderMv: 0.2,
      seed: bpm,
      uidRoot: `1.2.826.0.1.3680043.10.8.${process.pid}.${++n}`,
    });
  const requestReading = (studyId: string, priority: string) =>
    clinic.post(`/api/v1/studies/${studyId}/reading-request`, {
      centerId: ecgCenter,
      priority,
      clinicalHistory: '心悸',
      question: '心律？',
    });

  beforeAll(async () => {
    sys = await startSystem();
    // rm.ecg reads for the 心电诊断中心; rm.reader (影像) does not see ECG work.
    const [c, r] = await Promise.all(['pj.doctor', 'rm.ecg'].map((u) => login(sys.url, u)));
    [clinic, reader] = [c, r].map((t) => new Api(sys.url, t));
    const lead = (await clinic.get('/api/v1/institutions?type=LEAD_HOSPITAL')).body[0].id;
    ecgCenter = (await reader.get(`/api/v1/institutions/${lead}/departments`)).body.find(
      (d: { kind: string }) => d.kind === 'ECG_CENTER',
    ).id;
    await eventually(
      'diagnosis directory replica',
      async () =>
        (await sql(`SELECT 1 FROM diagnosis.dir_departments WHERE id = $1`, [ecgCenter])).length >
        0,
    );
  });
  afterAll(async () => sys?.stop());

  it('measures a 72 bpm ECG at upload and serves its leads in mV and as SVG', async () => {
    const up = await upload(ecg(72));
    expect(up.status).toBe(201);
    expect((await requestReading(up.body.studyId, 'ROUTINE')).body.priority).toBe('ROUTINE');
    const study = (await reader.get(`/api/v1/studies/${up.body.studyId}`)).body;
    const [instance] = study.instances;
    expect(instance.ecg).toMatchObject({
      leads: ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'],
      samplingFrequency: 500,
      seconds: 10,
      findings: [],
      suggestedPriority: null,
    });
    expect(Math.abs(instance.ecg.heartRateBpm - 72)).toBeLessThanOrEqual(2);

    const base = `/api/v1/studies/${up.body.studyId}/instances/${instance.id}`;
    const leads = await reader.get(`${base}/ecg?decimate=5`);
    expect(leads.status).toBe(200);
    expect(leads.body.groups[0]).toMatchObject({ samplingFrequency: 100, numberOfSamples: 1000 });
    const ii = leads.body.groups[0].channels[1];
    expect(ii).toMatchObject({ lead: 'II', unit: 'mV' });
    expect(Math.max(...ii.values)).toBeGreaterThan(0.8);
    expect(Math.max(...ii.values)).toBeLessThan(1.8);

    const svg = await request(sys.url)
      .get(`${base}/ecg.svg`)
      .set('Authorization', `Bearer ${reader.token}`);
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(
      (svg.text ?? Buffer.from(svg.body).toString()).match(/<polyline class="lead"/g),
    ).toHaveLength(12);
    // The submitting clinic may look too; another community may not.
    expect((await clinic.get(`${base}/ecg?group=0&decimate=50`)).status).toBe(200);
    const other = new Api(sys.url, await login(sys.url, 'zy.reader'));
    expect((await other.get(`${base}/ecg`)).status).toBe(404);
    expect((await reader.get(`${base}/ecg?group=5`)).status).toBe(400);
  });

  it('raises the priority from an analyzer finding: at request time, and at once when already queued', async () => {
    const brady = await upload(ecg(45));
    expect(brady.status).toBe(201);
    const requested = await requestReading(brady.body.studyId, 'ROUTINE');
    expect(requested.body).toMatchObject({ priority: 'URGENT', suggestedPriority: 'URGENT' });

    // A routine study already in the queue gets a severe tachycardia tracing added to it.
    const first = ecg(72);
    const up = await upload(first);
    await requestReading(up.body.studyId, 'ROUTINE');
    const root = `1.2.826.0.1.3680043.10.8.${process.pid}.${n}`;
    const second = syntheticEcg({ bpm: 170, seed: 5, uidRoot: root, instanceNumber: 2 }); // same study
    const added = await upload(second);
    expect(added.status).toBe(201);
    expect(added.body.studyId).toBe(up.body.studyId);
    const study = (await reader.get(`/api/v1/studies/${up.body.studyId}`)).body;
    expect(study).toMatchObject({ status: 'QUEUED', priority: 'STAT', suggestedPriority: 'STAT' });
    // Issue 12 item 11: a STAT reading is due within the STAT target (30 min), not the routine 24 h.
    const dueInMinutes = (Date.parse(study.dueAt) - Date.now()) / 60_000;
    expect(dueInMinutes).toBeGreaterThan(28);
    expect(dueInMinutes).toBeLessThanOrEqual(30);
    const [event] = await sql<{ payload: { from: string; priority: string; reason: string } }>(
      `SELECT payload FROM diagnosis.outbox WHERE aggregate_id = $1 AND type = 'study.priority_raised'`,
      [up.body.studyId],
    );
    expect(event.payload).toMatchObject({ from: 'ROUTINE', priority: 'STAT' });
    expect(event.payload.reason).toMatch(/severe tachycardia/);
  });

  it('refuses an ECG whose waveform is malformed, storing nothing', async () => {
    const bad = ecg(72);
    const count = Buffer.from([0x3a, 0x00, 0x10, 0x00, 0x55, 0x4c]); // (003A,0010) UL
    const at = bad.indexOf(count);
    bad.writeUInt32LE(9_999_999, at + 8); // more samples than the data holds
    const before = await sql<{ n: number }>(`SELECT count(*)::int n FROM diagnosis.instances`);
    const res = await upload(bad);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.detail).toMatch(/Waveform/);
    expect(await sql(`SELECT count(*)::int n FROM diagnosis.instances`)).toEqual(before);
  });

  it('answers 400 for the ECG view of an image', async () => {
    const uid = `1.2.826.0.1.3680043.10.8.${process.pid}.900`;
    const up = await upload(ctInstance(uid));
    expect(up.status).toBe(201);
    expect(
      (await clinic.get(`/api/v1/studies/${up.body.studyId}/instances/${up.body.instanceId}/ecg`))
        .status,
    ).toBe(400);
  });
});

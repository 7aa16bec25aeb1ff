import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
// An independent DICOMweb client, as OHIF uses it, under Node with an XMLHttpRequest shim.
import XMLHttpRequest from 'xhr2';
import { api } from 'dicomweb-client';
import { syntheticEcg } from '../../libs/shared/src/waveform/fixture';
import { Api, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { DEMO_API_KEY, login, startSystem, System } from '../support/system';
import { demoWorld } from '../security/fixtures';

(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = XMLHttpRequest;

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.resolve(__dirname, '../support/pydicom-dicomweb.py');
const ECG_CLASS = '1.2.840.10008.5.1.4.1.1.9.1.1';
const VIEWER = 'http://viewer.example:3000';

interface Case {
  file: string;
  study: string;
  series: string;
  sop: string;
  sopClass: string;
  transferSyntax: string;
  frames: string[];
}
type Json = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string }>;

const value = (item: Json, tag: string) => item[tag]?.Value?.[0];
const sha = (bytes: ArrayBuffer | Uint8Array) =>
  createHash('sha256')
    .update(Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)))
    .digest('hex');
const arrayBuffer = (b: Buffer) => new Uint8Array(b).buffer;

/**
 * G2b: DICOMweb round trips with dicomweb-client (the library OHIF is built on), files written
 * by pydicom: STOW a CT, a big-endian DX and an ECG → QIDO finds them by every matching rule
 * → WADO metadata has what a viewer needs → frames equal pydicom's pixel data byte for byte.
 */
describe('DICOMweb at /dicomweb (e2e, dicomweb-client)', () => {
  let sys: System;
  let dir: string;
  let cases: Case[];
  let ecgStudy: string;
  let doctor: string;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  const run = String(Date.now() % 1e9);
  // The library's generated typings mark every option required; its JavaScript does not.
  type Client = Record<string, (options: Record<string, unknown>) => Promise<unknown>>;
  const client = (token: string) =>
    new api.DICOMwebClient({
      url: `${sys.url}/dicomweb`,
      headers: { Authorization: `Bearer ${token}` },
    } as never) as unknown as Client;
  const studies = async (token: string, queryParams: Record<string, string>) => {
    try {
      return (await client(token).searchForStudies({ queryParams })) as Json[];
    } catch (error) {
      const e = error as { status?: number; response?: unknown };
      throw new Error(
        `QIDO ${JSON.stringify(queryParams)}: ${e.status} ${JSON.stringify(e.response)}`,
        { cause: error },
      );
    }
  };
  const uids = (items: Json[]) => items.map((i) => value(i, '0020000D'));

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cmc-dicomweb-'));
    cases = (
      JSON.parse(execFileSync(PYTHON, [SCRIPT, dir, run], { encoding: 'utf8' })) as {
        cases: Case[];
      }
    ).cases;
    // Its own database: QIDO's answers are compared whole, other suites' studies would show.
    isolation = await isolatedRun('dicomweb');
    sys = await startSystem({ DICOMWEB_CORS_ORIGINS: VIEWER });
    doctor = await login(sys.url, 'pj.doctor');
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('STOW-RS stores a batch and answers the Store Instances Response', async () => {
    const datasets = cases.map((c) => arrayBuffer(readFileSync(c.file)));
    const ecgRoot = `1.2.826.0.1.3680043.10.8.${run}`;
    ecgStudy = ecgRoot;
    datasets.push(arrayBuffer(syntheticEcg({ bpm: 72, uidRoot: ecgRoot })));
    const answer = JSON.parse(
      Buffer.from((await client(doctor).storeInstances({ datasets })) as ArrayBuffer).toString(),
    ) as Json;
    const referenced = answer['00081199'].Value as Json[];
    expect(referenced.map((r) => value(r, '00081155')).sort()).toEqual(
      [...cases.map((c) => c.sop), `${ecgRoot}.1.1`].sort(),
    );
    expect(value(referenced[0], '00081190')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/dicomweb\/studies\//,
    );
    expect(answer['00081198']).toBeUndefined();
    // Sending it again is idempotent: stored, not duplicated.
    await client(doctor).storeInstances({ datasets: datasets.slice(0, 1) });
    const [{ n }] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM diagnosis.instances WHERE sop_instance_uid = $1`,
      [cases[0].sop],
    );
    expect(n).toBe(1);
    // Audited as the REST upload is: who added to which study.
    const [created] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM gateway.audit_log a JOIN diagnosis.studies s ON s.id::text = a.resource_id
        WHERE a.action = 'create' AND s.study_instance_uid = $1`,
      [cases[0].study],
    );
    expect(created.n).toBeGreaterThanOrEqual(1);
  });

  it('STOW-RS to /studies/{study} refuses another study’s instance with a failure reason (409)', async () => {
    const res = await request(sys.url)
      .post(`/dicomweb/studies/${cases[0].study}`)
      .set('Authorization', `Bearer ${doctor}`)
      .set('Content-Type', 'multipart/related; type=application/dicom; boundary=XyZ')
      .send(
        Buffer.concat([
          Buffer.from('--XyZ\r\nContent-Type: application/dicom\r\n\r\n'),
          readFileSync(cases[2].file),
          Buffer.from('\r\n--XyZ--\r\n'),
        ]),
      );
    expect(res.status).toBe(409);
    const body = JSON.parse(res.text) as Json;
    const failed = body['00081198'].Value as Json[];
    expect(value(failed[0], '00081155')).toBe(cases[2].sop);
    expect(value(failed[0], '00081197')).toBe(0xa900);
    expect(res.headers.warning).toContain('belongs to study');
  });

  it('QIDO-RS matches PatientName with wildcards, Chinese names included, by keyword or tag', async () => {
    const [a, , b] = cases;
    expect(uids(await studies(doctor, { PatientName: '王*' }))).toEqual([a.study]);
    expect(uids(await studies(doctor, { '00100010': '*小东' }))).toEqual([a.study]);
    expect(uids(await studies(doctor, { PatientName: 'wang^xiao?ong' }))).toEqual([a.study]);
    expect(uids(await studies(doctor, { PatientName: '张^三' }))).toEqual([b.study]);
    expect(await studies(doctor, { PatientName: '李*' })).toEqual([]);
    expect(await studies(doctor, { PatientName: '王' })).toEqual([]); // no wildcard: whole name
    const [study] = await studies(doctor, { PatientID: `PJ${run}1` });
    expect(study['00100010'].Value).toEqual([
      { Alphabetic: 'Wang^XiaoDong', Ideographic: '王^小东' },
    ]);
    expect(value(study, '00080005')).toBe('ISO_IR 192');
    expect(value(study, '00201208')).toBe(2); // NumberOfStudyRelatedInstances
    expect(value(study, '00201206')).toBe(1);
    expect(study['00080061'].Value).toEqual(['CT']);
    expect(value(study, '00081030')).toBe('胸部CT平扫');
    expect(value(study, '00100030')).toBe('19700707');
    expect((study['00080090'].Value as object[])[0]).toEqual({
      Alphabetic: 'Li^Yi',
      Ideographic: '李^医生',
    });
    expect(value(study, '00081190')).toBe(`${sys.url}/dicomweb/studies/${a.study}`);
  });

  it('QIDO-RS: dates, times, modalities, accession, UID lists, limit and offset', async () => {
    const [a, , b] = cases;
    const mine = { PatientID: `PJ${run}*` };
    expect(uids(await studies(doctor, { ...mine, StudyDate: '20261101-20261110' }))).toEqual([
      a.study,
    ]);
    expect(uids(await studies(doctor, { ...mine, StudyDate: '20261120' }))).toEqual([b.study]);
    expect(uids(await studies(doctor, { ...mine, StudyDate: '-20261104' }))).toEqual([
      cases[3].study,
    ]);
    expect(uids(await studies(doctor, { ...mine, StudyDate: '20261106-' }))).toEqual([b.study]);
    expect(uids(await studies(doctor, { ...mine, StudyTime: '0900-1000' }))).toEqual([a.study]);
    expect(uids(await studies(doctor, { ...mine, StudyTime: '1515' }))).toEqual([b.study]);
    expect(uids(await studies(doctor, { ModalitiesInStudy: 'DX' }))).toEqual([b.study]);
    expect(uids(await studies(doctor, { ModalitiesInStudy: 'ECG' }))).toEqual([ecgStudy]);
    expect(uids(await studies(doctor, { ModalitiesInStudy: 'MR' }))).toEqual([]);
    expect(uids(await studies(doctor, { AccessionNumber: `A${run}` }))).toEqual([a.study]);
    expect(uids(await studies(doctor, { AccessionNumber: `Z${run}` }))).toEqual([]);
    const both = await studies(doctor, { StudyInstanceUID: `${a.study},${b.study}` });
    expect(uids(both).sort()).toEqual([a.study, b.study].sort());
    expect(uids(await studies(doctor, { '0020000D': `${b.study}\\9.9.9` }))).toEqual([b.study]);
    // Newest study date first; limit and offset page through the matches.
    const page1 = await studies(doctor, { ...mine, limit: '1', fuzzymatching: 'false' });
    const page2 = await studies(doctor, { ...mine, limit: '1', offset: '1' });
    expect([...uids(page1), ...uids(page2)]).toEqual([b.study, a.study]);
    const all = await studies(doctor, { ...mine, includefield: 'all' });
    expect(all).toHaveLength(3);
  });

  it('QIDO-RS series and instances, in a study and at the root', async () => {
    const [a, a2] = cases;
    const series = (await client(doctor).searchForSeries({
      studyInstanceUID: a.study,
    })) as Json[];
    expect(series.map((s) => value(s, '0020000E'))).toEqual([a.series]);
    expect(value(series[0], '00080060')).toBe('CT');
    expect(value(series[0], '00201209')).toBe(2);
    const instances = (await client(doctor).searchForInstances({
      studyInstanceUID: a.study,
      seriesInstanceUID: a.series,
    })) as Json[];
    expect(instances.map((i) => value(i, '00080018'))).toEqual([a.sop, a2.sop]);
    expect(value(instances[1], '00280008')).toBe(3);
    expect(value(instances[1], '00280010')).toBe(64);
    const byClass = (await client(doctor).searchForInstances({
      queryParams: { SOPClassUID: ECG_CLASS },
    })) as Json[];
    expect(byClass.map((i) => value(i, '0020000D'))).toEqual([ecgStudy]);
    const rootSeries = (await client(doctor).searchForSeries({
      queryParams: { Modality: 'DX', PatientID: `PJ${run}2` },
    })) as Json[];
    expect(rootSeries.map((s) => value(s, '0020000E'))).toEqual([cases[2].series]);
  });

  it('WADO-RS metadata has what a viewer needs, bulk data as absolute URIs', async () => {
    const [a] = cases;
    const metadata = (await client(doctor).retrieveStudyMetadata({
      studyInstanceUID: a.study,
    })) as Json[];
    expect(metadata).toHaveLength(2);
    const first = metadata.find((m) => value(m, '00080018') === a.sop)!;
    for (const tag of ['00280010', '00280011', '00280100', '00280004', '00281050', '00200013'])
      expect(first[tag]).toBeDefined();
    expect(value(first, '00080005')).toBe('ISO_IR 192');
    expect(first['00100010'].Value).toEqual([
      { Alphabetic: 'Wang^XiaoDong', Ideographic: '王^小东' },
    ]);
    expect(value(first, '00083002')).toBe('1.2.840.10008.1.2.1');
    expect(first['00020010']).toBeUndefined(); // the file meta group is not the data set
    const pixel = first['7FE00010'].BulkDataURI!;
    expect(pixel).toMatch(new RegExp(`^${sys.url}/dicomweb/studies/${a.study}/series/`));
    const [bulk] = (await client(doctor).retrieveBulkData({ BulkDataURI: pixel })) as ArrayBuffer[];
    expect(sha(bulk)).toBe(a.frames[0]);
    const series = (await client(doctor).retrieveSeriesMetadata({
      studyInstanceUID: a.study,
      seriesInstanceUID: a.series,
    })) as Json[];
    expect(series).toHaveLength(2);
  });

  it('WADO-RS frames equal pydicom’s pixel data byte for byte, numbers honoured', async () => {
    const [a, a2, b] = cases;
    const frames = async (c: Case, frameNumbers: string) =>
      (await client(doctor).retrieveInstanceFrames({
        studyInstanceUID: c.study,
        seriesInstanceUID: c.series,
        sopInstanceUID: c.sop,
        frameNumbers,
      })) as ArrayBuffer[];
    expect((await frames(a, '1')).map(sha)).toEqual([a.frames[0]]);
    expect((await frames(a2, '3,1')).map(sha)).toEqual([a2.frames[2], a2.frames[0]]);
    // Compressed frames pass through as stored: each frame's fragments, in the order asked.
    const jpeg = cases[3];
    expect((await frames(jpeg, '2,1')).map(sha)).toEqual([jpeg.frames[1], jpeg.frames[0]]);
    // Big endian is served as stored, labelled with its transfer syntax.
    expect((await frames(b, '1')).map(sha)).toEqual([b.frames[0]]);
    const res = await request(sys.url)
      .get(`/dicomweb/studies/${b.study}/series/${b.series}/instances/${b.sop}/frames/1`)
      .set('Authorization', `Bearer ${doctor}`)
      .set('Accept', 'multipart/related; type="application/octet-stream"; transfer-syntax=*')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect((res.body as Buffer).toString('latin1')).toContain(
      'transfer-syntax=1.2.840.10008.1.2.2',
    );
  });

  it('WADO-RS instances come back as the files that were stored', async () => {
    const [a] = cases;
    const instance = (await client(doctor).retrieveInstance({
      studyInstanceUID: a.study,
      seriesInstanceUID: a.series,
      sopInstanceUID: a.sop,
    })) as ArrayBuffer;
    expect(sha(instance)).toBe(sha(readFileSync(a.file)));
    const study = (await client(doctor).retrieveStudy({
      studyInstanceUID: a.study,
    })) as ArrayBuffer[];
    expect(study.map(sha).sort()).toEqual(
      cases
        .slice(0, 2)
        .map((c) => sha(readFileSync(c.file)))
        .sort(),
    );
  });

  it('scopes like the REST API: another community’s reader sees nothing; readers see their center’s', async () => {
    const [a] = cases;
    const other = await login(sys.url, 'zy.reader');
    expect(await studies(other, { PatientID: `PJ${run}*` })).toEqual([]);
    const wado = await request(sys.url)
      .get(`/dicomweb/studies/${a.study}/metadata`)
      .set('Authorization', `Bearer ${other}`);
    expect(wado.status).toBe(404);
    // A reader of the lead hospital sees the study once it is sent to their center.
    const reader = await login(sys.url, 'rm.reader');
    expect(await studies(reader, { StudyInstanceUID: a.study })).toEqual([]);
    const clinic = new Api(sys.url, doctor);
    const [{ id }] = await sql<{ id: string }>(
      `SELECT id FROM diagnosis.studies WHERE study_instance_uid = $1`,
      [a.study],
    );
    const { imaging } = await demoWorld(sys);
    const queued = await clinic.post(`/api/v1/studies/${id}/reading-request`, {
      centerId: imaging,
      priority: 'ROUTINE',
      clinicalHistory: '咳嗽两周',
      question: '肺部感染？',
    });
    expect(queued.body).toMatchObject({ status: 'QUEUED' });
    expect(uids(await studies(reader, { StudyInstanceUID: a.study }))).toEqual([a.study]);
    expect(await studies(other, { StudyInstanceUID: a.study })).toEqual([]);
    const [audit] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM gateway.audit_log WHERE resource_id = $1 AND action IN ('read', 'search')`,
      [id],
    );
    expect(audit.n).toBeGreaterThan(3);
  });

  it('admits integration engines by API key scope, and browsers from configured origins only', async () => {
    const [a] = cases;
    const engine = await request(sys.url)
      .get(`/dicomweb/studies?StudyInstanceUID=${a.study}`)
      .set('X-API-Key', DEMO_API_KEY); // the 屏锦 HIS key, scoped dicomweb:read
    expect(engine.status).toBe(200);
    expect(JSON.parse(engine.text)).toHaveLength(1);
    const preflight = (origin: string) =>
      request(sys.url)
        .options('/dicomweb/studies')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization, accept');
    const allowed = await preflight(VIEWER);
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(VIEWER);
    expect(allowed.headers['access-control-allow-headers']).toMatch(/Authorization.*Accept/);
    const stranger = await preflight('http://evil.example');
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    const get = await request(sys.url)
      .get('/dicomweb/studies?limit=1')
      .set('Origin', VIEWER)
      .set('Authorization', `Bearer ${doctor}`);
    expect(get.headers['access-control-allow-origin']).toBe(VIEWER);
  });

  it('refuses bad input with the DICOMweb status codes, changing nothing', async () => {
    const get = (url: string, accept?: string) => {
      const r = request(sys.url).get(url).set('Authorization', `Bearer ${doctor}`);
      return accept ? r.set('Accept', accept) : r;
    };
    const [a] = cases;
    const base = `/dicomweb/studies/${a.study}/series/${a.series}/instances/${a.sop}`;
    expect((await get('/dicomweb/studies?StudyDate=2026-11-05')).status).toBe(400);
    expect((await get('/dicomweb/studies?StudyDate=20261340')).status).toBe(400);
    expect((await get('/dicomweb/studies?NoSuchAttribute=1')).body.detail).toMatch(/Unknown/);
    expect((await get('/dicomweb/studies?SOPClassUID=1.2')).status).toBe(400); // not at study level
    expect((await get('/dicomweb/studies?limit=-1')).status).toBe(400);
    expect((await get('/dicomweb/studies?offset=x')).status).toBe(400);
    expect((await get('/dicomweb/studies/1.2.3.4/metadata')).status).toBe(404);
    expect((await get('/dicomweb/studies/not-a-uid/metadata')).status).toBe(400);
    expect((await get(`${base}/frames/2`)).status).toBe(404);
    expect((await get(`${base}/frames/0`)).status).toBe(400);
    expect((await get(`${base}/metadata`, 'image/png')).status).toBe(406);
    expect(
      (
        await get(
          `${base}/frames/1`,
          'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.4.50',
        )
      ).status,
    ).toBe(406);
    // Accept lists, unquoted type and repeated transfer-syntax=* are understood.
    const lenient = await get(
      `${base}/frames/1`,
      'multipart/related; type=application/octet-stream; transfer-syntax=*; transfer-syntax=*, image/jls;q=0.5',
    );
    expect(lenient.status).toBe(200);
    expect((await get(`${base}/bulk/0/99999999`)).status).toBe(404);
    const before = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM diagnosis.instances`);
    const stow = (type: string, body: string | Buffer) =>
      request(sys.url)
        .post('/dicomweb/studies')
        .set('Authorization', `Bearer ${doctor}`)
        .set('Content-Type', type)
        .send(body);
    expect((await stow('application/dicom', readFileSync(a.file))).status).toBe(415);
    expect(
      (await stow('multipart/related; type="application/dicom+json"; boundary=b', '--b--')).status,
    ).toBe(415);
    const broken = await stow(
      'multipart/related; type="application/dicom"; boundary=b',
      Buffer.concat([Buffer.from('--b\r\n\r\n'), readFileSync(a.file).subarray(0, 500)]),
    );
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toMatch(/Nothing was stored|ended before/);
    const notDicom = await stow(
      'multipart/related; type="application/dicom"; boundary=b',
      '--b\r\nContent-Type: application/dicom\r\n\r\nhello\r\n--b--\r\n',
    );
    expect(notDicom.status).toBe(409);
    expect(
      value((JSON.parse(notDicom.text) as Json)['00081198'].Value![0] as Json, '00081197'),
    ).toBe(0xc000);
    expect(await sql(`SELECT count(*)::int AS n FROM diagnosis.instances`)).toEqual(before);
    // No credentials, no data.
    expect((await request(sys.url).get('/dicomweb/studies')).status).toBe(401);
  });
});

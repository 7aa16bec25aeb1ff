import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { writePart10 } from '../../libs/shared/src/dicom/write-dicom';
import { demoWorld } from '../security/fixtures';
import { Api, sql } from '../support/api';
import { CT, realisticSeeds } from '../support/dicom-builders';
import { isolatedRun } from '../support/isolated-run';
import { freePort, login, startApp, startSystem, stopApp, System } from '../support/system';

/**
 * Issue 15 items 1–2: a township CT sends with DICOM C-STORE. Driven by dcmtk (echoscu,
 * storescu), an implementation independent of ours; what arrives is found over REST and
 * DICOMweb, scoped and audited as an upload by the modality's institution.
 */
const AE = 'CMC_TEST';
const ROOT = '1.2.826.0.1.3680043.10.1515';
type Json = Record<string, { Value?: unknown[] }>;

interface Run {
  code: number;
  out: string;
}
function dcmtk(tool: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(tool, args, { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

/** A CT instance with a Chinese patient name in UTF-8 (ISO_IR 192), as modalities here send. */
function chineseCt(study: string, n: number): Buffer {
  const sop = `${study}.1.${n}`;
  return writePart10(
    CT,
    sop,
    [
      { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' },
      { tag: 0x00080016, vr: 'UI', value: CT },
      { tag: 0x00080018, vr: 'UI', value: sop },
      { tag: 0x00080050, vr: 'SH', value: 'ACC-1515' },
      { tag: 0x00080060, vr: 'CS', value: 'CT' },
      { tag: 0x00100010, vr: 'PN', value: '张^三丰' },
      { tag: 0x00100020, vr: 'LO', value: 'PJ-0001' },
      { tag: 0x0020000d, vr: 'UI', value: study },
      { tag: 0x0020000e, vr: 'UI', value: `${study}.1` },
      { tag: 0x00200013, vr: 'IS', value: String(n) },
      { tag: 0x00280010, vr: 'US', value: [16] },
      { tag: 0x00280011, vr: 'US', value: [16] },
      { tag: 0x7fe00010, vr: 'OW', value: Buffer.alloc(512, n % 251) },
    ],
    { encode: (s) => Buffer.from(s, 'utf8') },
  );
}

describe('DICOM DIMSE listener (dcmtk, e2e)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let admin: Api;
  let port: number;
  let dir: string;
  const modality: Record<string, string> = {};

  const echo = (calling: string, called = AE) =>
    dcmtk('echoscu', ['-aet', calling, '-aec', called, '127.0.0.1', String(port)]);
  const store = (calling: string, files: string[], extra: string[] = []) =>
    dcmtk('storescu', [...extra, '-aet', calling, '-aec', AE, '127.0.0.1', String(port), ...files]);
  const write = (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  const register = async (body: object) => {
    const res = await admin.post('/api/v1/admin/modalities', body);
    expect(res.status).toBe(201);
    return res.body as { id: string; aeTitle: string };
  };

  beforeAll(async () => {
    isolation = await isolatedRun('dimse');
    port = await freePort();
    sys = await startSystem({
      DIMSE_PORT: String(port),
      DIMSE_AE_TITLE: AE,
      DIMSE_TIMEOUT_SECONDS: '5',
    });
    w = await demoWorld(sys);
    admin = new Api(sys.url, await login(sys.url, 'rm.admin'));
    dir = mkdtempSync(path.join(tmpdir(), 'cmc-dimse-'));
    modality.ct = (
      await register({ institutionId: w.pingjin, aeTitle: 'PJ_CT01', name: '屏锦 CT' })
    ).id;
    modality.elsewhere = (
      await register({
        institutionId: w.fulu,
        aeTitle: 'FL_DR01',
        name: '福禄 DR',
        host: '10.9.9.9',
      })
    ).id;
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers C-ECHO from a registered modality and refuses unknown or misaddressed callers', async () => {
    expect((await echo('PJ_CT01')).code).toBe(0);
    const unknown = await echo('NOBODY');
    expect(unknown.code).not.toBe(0);
    expect(unknown.out).toMatch(/Association Rejected/i);
    expect(unknown.out).toMatch(/Calling AE Title Not Recognized/i);
    // Registered, but only from 10.9.9.9.
    const misaddressed = await echo('FL_DR01');
    expect(misaddressed.code).not.toBe(0);
    expect(misaddressed.out).toMatch(/Calling AE Title Not Recognized/i);
    const wrongCalled = await echo('PJ_CT01', 'SOMEONE_ELSE');
    expect(wrongCalled.out).toMatch(/Called AE Title Not Recognized/i);
  });

  it('stores a study sent with C-STORE in several transfer syntaxes, found over REST and DICOMweb', async () => {
    const study = `${ROOT}.1`;
    const files = Array.from({ length: 24 }, (_, i) =>
      write(`ct-${i + 1}.dcm`, chineseCt(study, i + 1)),
    );
    const seeds = realisticSeeds(`${ROOT}.2`).map((s, i) => write(`seed-${i}.dcm`, s.file));
    const sent = await store('PJ_CT01', [...files, seeds[0], seeds[1]]);
    expect(sent.out).not.toMatch(/Store Failed|Rejected/i);
    expect(sent.code).toBe(0);
    // -xy: propose JPEG baseline, the syntax the third seed is in (storescu offers uncompressed only).
    const jpeg = await store('PJ_CT01', [seeds[2]], ['-xy']);
    expect(jpeg.out).not.toMatch(/Store Failed|Rejected/i);
    expect(jpeg.code).toBe(0);

    const clinic = w.as['pj.doctor'];
    const [row] = await sql<{ id: string; institutionId: string }>(
      `SELECT id::text, institution_id::text AS "institutionId" FROM diagnosis.studies WHERE study_instance_uid = $1`,
      [study],
    );
    expect(row.institutionId).toBe(w.pingjin);
    const ids = async (api: Api) =>
      ((await api.get('/api/v1/studies?limit=200')).body.items as { id: string }[]).map(
        (s) => s.id,
      );
    expect(await ids(clinic)).toContain(row.id);

    const qido = await request(sys.url)
      .get(`/dicomweb/studies/${study}/instances`)
      .set('Authorization', `Bearer ${clinic.token}`)
      .set('Accept', 'application/dicom+json');
    expect(qido.status).toBe(200);
    const instances = JSON.parse(qido.text) as Json[];
    expect(instances).toHaveLength(24);
    const studies = JSON.parse(
      (
        await request(sys.url)
          .get(`/dicomweb/studies?StudyInstanceUID=${study}`)
          .set('Authorization', `Bearer ${clinic.token}`)
      ).text,
    ) as Json[];
    expect(studies[0]['00100010'].Value?.[0]).toEqual({ Alphabetic: '张^三丰' });
    // The three seeds (explicit, implicit VR little endian, JPEG baseline) each made a study.
    const [seeded] = await sql<{ n: number; syntaxes: string[] }>(
      `SELECT count(*)::int AS n, array_agg(DISTINCT transfer_syntax_uid ORDER BY transfer_syntax_uid) AS syntaxes
         FROM diagnosis.instances WHERE sop_instance_uid LIKE $1`,
      [`${ROOT}.2.%`],
    );
    expect(seeded).toEqual({
      n: 3,
      syntaxes: ['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.4.50'],
    });

    // Another community sees none of it; the upload is audited as the modality's.
    expect(await ids(w.as['zy.reader'])).not.toContain(row.id);
    const [audit] = await sql<{ kind: string; actor: string; institution: string }>(
      `SELECT actor_kind AS kind, actor_id::text AS actor, institution_id::text AS institution
         FROM gateway.audit_log WHERE resource_type = 'ImagingStudy' AND resource_id = $1`,
      [row.id],
    );
    expect(audit).toEqual({ kind: 'modality', actor: modality.ct, institution: w.pingjin });
    const seen = await admin.get(`/api/v1/admin/modalities/${modality.ct}`);
    expect(seen.body.lastSeenAt).toEqual(expect.any(String));

    // Sending the study again stores nothing twice.
    const again = await store('PJ_CT01', files.slice(0, 5));
    expect(again.code).toBe(0);
    const [count] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM diagnosis.instances WHERE sop_instance_uid LIKE $1`,
      [`${study}.%`],
    );
    expect(count.n).toBe(24);
  });

  it('refuses an instance the intake cannot index with a failure status, and stores nothing', async () => {
    const sop = `${ROOT}.3.1.1`;
    // No Study Instance UID: dcmtk sends it, our intake must refuse it.
    const broken = write(
      'no-study.dcm',
      writePart10(CT, sop, [
        { tag: 0x00080016, vr: 'UI', value: CT },
        { tag: 0x00080018, vr: 'UI', value: sop },
        { tag: 0x00080060, vr: 'CS', value: 'CT' },
        { tag: 0x0020000e, vr: 'UI', value: `${ROOT}.3.1` },
      ]),
    );
    const sent = await store('PJ_CT01', [broken], ['-v']);
    expect(sent.out).toMatch(/Received Store Response \(Error: CannotUnderstand\)/);
    expect(sent.code).not.toBe(0);
    const [stored] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM diagnosis.instances WHERE sop_instance_uid = $1`,
      [sop],
    );
    expect(stored.n).toBe(0);
  });

  it('rejects an association that proposes nothing we store, and a disabled modality', async () => {
    const rtPlan = '1.2.840.10008.5.1.4.1.1.481.5';
    const sop = `${ROOT}.4.1.1`;
    const plan = write(
      'rt-plan.dcm',
      writePart10(rtPlan, sop, [
        { tag: 0x00080016, vr: 'UI', value: rtPlan },
        { tag: 0x00080018, vr: 'UI', value: sop },
        { tag: 0x0020000d, vr: 'UI', value: `${ROOT}.4` },
      ]),
    );
    // -R: only the context this file needs (storescu otherwise proposes 128 storage classes).
    const sent = await store('PJ_CT01', [plan], ['-R']);
    expect(sent.code).not.toBe(0);
    expect(sent.out).toMatch(/Association Rejected/);
    expect(sent.out).toMatch(/Reason: No Reason/i);

    expect((await admin.post(`/api/v1/admin/modalities/${modality.ct}/disable`)).status).toBe(200);
    const disabled = await echo('PJ_CT01');
    expect(disabled.out).toMatch(/Calling AE Title Not Recognized/i);
    expect((await admin.post(`/api/v1/admin/modalities/${modality.ct}/enable`)).status).toBe(200);
    expect((await echo('PJ_CT01')).code).toBe(0);
  });

  it('speaks DICOM TLS from certificate files, and turns away a modality without a trusted certificate', async () => {
    const openssl = (...args: string[]) =>
      execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    const subject = (cn: string) => ['-subj', `/CN=${cn}`];
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      ...subject('cmc-test-ca'),
    );
    for (const who of ['server', 'client']) {
      openssl(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${who}.key`,
        '-out',
        `${who}.csr`,
        ...subject(who),
      );
      openssl(
        'x509',
        '-req',
        '-in',
        `${who}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${who}.pem`,
        '-days',
        '2',
      );
    }
    const tlsPort = await freePort();
    const tlsGateway = await startApp('gateway', {
      DIMSE_PORT: String(tlsPort),
      DIMSE_AE_TITLE: AE,
      DIMSE_TIMEOUT_SECONDS: '5',
      DIMSE_TLS_CERT_FILE: path.join(dir, 'server.pem'),
      DIMSE_TLS_KEY_FILE: path.join(dir, 'server.key'),
      DIMSE_TLS_CA_FILE: path.join(dir, 'ca.pem'),
    });
    try {
      const at = ['-aet', 'PJ_CT01', '-aec', AE, '127.0.0.1', String(tlsPort)];
      const trusted = await dcmtk('echoscu', [
        '+tls',
        path.join(dir, 'client.key'),
        path.join(dir, 'client.pem'),
        '+cf',
        path.join(dir, 'ca.pem'),
        ...at,
      ]);
      expect(trusted.out).toBe('');
      expect(trusted.code).toBe(0);
      const anonymous = await dcmtk('echoscu', ['+tla', '+cf', path.join(dir, 'ca.pem'), ...at]);
      expect(anonymous.code).not.toBe(0);
      const plain = await dcmtk('echoscu', ['-to', '3', ...at]);
      expect(plain.code).not.toBe(0);
    } finally {
      await stopApp(tlsGateway);
    }
  });

  it('validates the modality registry: AE titles, addresses, duplicates, other communities', async () => {
    const bad = await admin.post('/api/v1/admin/modalities', {
      institutionId: w.pingjin,
      aeTitle: 'A\\B',
      name: 'x',
      host: 'ct.example',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'aeTitle',
      'host',
    ]);
    const tooLong = await admin.post('/api/v1/admin/modalities', {
      institutionId: w.pingjin,
      aeTitle: 'SEVENTEEN_CHARS_X',
      name: 'x',
    });
    expect(tooLong.status).toBe(400);
    const duplicate = await admin.post('/api/v1/admin/modalities', {
      institutionId: w.pingjin,
      aeTitle: 'PJ_CT01',
      name: 'again',
    });
    expect(duplicate.status).toBe(409);
    const zyAdmin = new Api(sys.url, await login(sys.url, 'zy.admin'));
    expect((await zyAdmin.get(`/api/v1/admin/modalities/${modality.ct}`)).status).toBe(404);
    expect((await zyAdmin.get('/api/v1/admin/modalities')).body.items).toEqual([]);
    const clinician = await w.as['pj.doctor'].get('/api/v1/admin/modalities');
    expect(clinician.status).toBe(403);
  });
});

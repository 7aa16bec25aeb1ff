import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoWorld, residentId } from '../security/fixtures';
import { Api, sql } from '../support/api';
import { writePart10 } from '../../libs/shared/src/dicom/write-dicom';
import { CT, ctFile } from '../support/dicom-builders';
import { isolatedRun } from '../support/isolated-run';
import { freePort, login, startSystem, System } from '../support/system';

/**
 * Issue 15 item 3: a clinic orders a CT ahead of the exam; the CT finds it in its Modality
 * Worklist (dcmtk findscu) with the patient's Chinese name in the character set it asked for;
 * the study it then sends (storescu) is matched to the order and queued with no further call.
 */
const AE = 'CMC_MWL';
const CT_AE = 'PJ_CT02';

function run(tool: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(tool, args, { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

/** What pydicom (independent of us) reads from a findscu answer file. */
function pydicomRead(file: string): { charset: string; name: string; raw: string } {
  const script = `import json,sys,pydicom
d = pydicom.dcmread(sys.argv[1])
raw = d.get_item(0x00100010).value
print(json.dumps({"charset": d.SpecificCharacterSet, "name": str(d.PatientName), "raw": raw.hex() if isinstance(raw, bytes) else ""}))`;
  return JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' }),
  ) as { charset: string; name: string; raw: string };
}

describe('Modality Worklist and order matching (dcmtk, e2e)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let port: number;
  let dir: string;
  let patientId: string;
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const dicomToday = today.replaceAll('-', '');

  const order = async (over: object = {}) => {
    const res = await w.as['pj.doctor'].post('/api/v1/exam-orders', {
      patientId,
      modality: 'CT',
      requestedProcedure: '胸部CT平扫',
      scheduledAt: `${today}T10:30:00+08:00`,
      centerId: w.imaging,
      priority: 'URGENT',
      clinicalHistory: '咳嗽两周',
      question: '肺部感染？',
      ...over,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; accessionNumber: string; studyInstanceUid: string };
  };
  /** dcmtk's arguments for an association from `calling` to the gateway's worklist SCP. */
  const toGateway = (calling = CT_AE) => ['-aet', calling, '-aec', AE, '127.0.0.1', String(port)];
  /** findscu -W: the worklist, answers written as files for pydicom to read. */
  const findscu = async (calling: string, keys: string[], out: string) => {
    const into = path.join(dir, out);
    execFileSync('mkdir', ['-p', into]);
    const args = ['-W', '-X', '-od', into, ...toGateway(calling)];
    const res = await run('findscu', [...args, ...keys.flatMap((k) => ['-k', k])]);
    return { ...res, files: readdirSync(into).map((f) => path.join(into, f)) };
  };
  const query = (charset: string) => [
    `(0008,0005)=${charset}`,
    'PatientName',
    'PatientID',
    'PatientBirthDate',
    'PatientSex',
    'AccessionNumber',
    'StudyInstanceUID',
    'RequestedProcedureDescription',
    '(0040,0100)[0].Modality=CT',
    `(0040,0100)[0].ScheduledProcedureStepStartDate=${dicomToday}`,
    '(0040,0100)[0].ScheduledStationAETitle',
    '(0040,0100)[0].ScheduledProcedureStepStartTime',
  ];

  beforeAll(async () => {
    isolation = await isolatedRun('mwl');
    port = await freePort();
    sys = await startSystem({ DIMSE_PORT: String(port), DIMSE_AE_TITLE: AE });
    w = await demoWorld(sys);
    dir = mkdtempSync(path.join(tmpdir(), 'cmc-mwl-'));
    const admin = new Api(sys.url, await login(sys.url, 'rm.admin'));
    for (const [institutionId, aeTitle] of [
      [w.pingjin, CT_AE],
      [w.fulu, 'FL_CT02'],
    ])
      expect(
        (await admin.post('/api/v1/admin/modalities', { institutionId, aeTitle, name: aeTitle }))
          .status,
      ).toBe(201);
    const patient = await w.as['pj.doctor'].post('/api/v1/patients', {
      residentId: residentId('19580312', 21),
      name: '张三丰',
    });
    expect(patient.status).toBe(201);
    patientId = patient.body.id;
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('offers an ordered exam to its institution’s modality, in GB18030 or UTF-8 as asked', async () => {
    const ordered = await order();
    expect(ordered.studyInstanceUid).toMatch(/^2\.25\.\d+$/);

    const gb = await findscu(CT_AE, query('GB18030'), 'gb');
    expect(gb.code).toBe(0);
    expect(gb.files).toHaveLength(1);
    const answer = pydicomRead(gb.files[0]);
    expect(answer).toMatchObject({ charset: 'GB18030', name: '张三丰' });
    // The bytes on the wire are GB18030 (D5C5 C8FD B7E1), not UTF-8.
    expect(answer.raw.startsWith('d5c5c8fdb7e1')).toBe(true);
    const utf8 = await findscu(CT_AE, query('ISO_IR 192'), 'utf8');
    expect(pydicomRead(utf8.files[0])).toMatchObject({ charset: 'ISO_IR 192', name: '张三丰' });
    const dumped = execFileSync('dcmdump', ['+U8', utf8.files[0]], { encoding: 'utf8' });
    expect(dumped).toContain(ordered.accessionNumber);
    expect(dumped).toContain(ordered.studyInstanceUid);
    expect(dumped).toContain('103000'); // 10:30 Beijing time

    // Another institution's modality sees none of it; every patient handed out is audited.
    expect((await findscu('FL_CT02', query('ISO_IR 192'), 'fulu')).files).toHaveLength(0);
    const [audited] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM gateway.audit_log WHERE resource_id = $1 AND actor_kind = 'modality'`,
      [ordered.id],
    );
    expect(audited.n).toBe(2);
  });

  it('queues the study that arrives for an order, matched by Study Instance UID or accession number', async () => {
    const byUid = await order({ requestedProcedure: '头颅CT平扫', priority: 'STAT' });
    const byAccession = await order({ requestedProcedure: '腹部CT' });
    const first = path.join(dir, 'by-uid.dcm');
    writeFileSync(
      first,
      ctFile(`${byUid.studyInstanceUid}.1.1`, {
        study: byUid.studyInstanceUid,
        series: `${byUid.studyInstanceUid}.1`,
      }),
    );
    const second = path.join(dir, 'by-accession.dcm');
    const otherUid = '1.2.826.0.1.3680043.10.1516.7';
    writeFileSync(second, ctFileWithAccession(otherUid, byAccession.accessionNumber));
    const sent = await run('storescu', [...toGateway(), first, second]);
    expect(sent.code).toBe(0);

    const studies = await sql<{
      uid: string;
      status: string;
      priority: string;
      center: string;
      patient: string;
    }>(
      `SELECT study_instance_uid AS uid, status, priority, center_id::text AS center, patient_id::text AS patient
         FROM diagnosis.studies WHERE study_instance_uid = ANY($1) ORDER BY priority`,
      [[byUid.studyInstanceUid, otherUid]],
    );
    expect(studies).toEqual([
      {
        uid: byUid.studyInstanceUid,
        status: 'QUEUED',
        priority: 'STAT',
        center: w.imaging,
        patient: patientId,
      },
      {
        uid: otherUid,
        status: 'QUEUED',
        priority: 'URGENT',
        center: w.imaging,
        patient: patientId,
      },
    ]);
    const orders = (await w.as['pj.doctor'].get('/api/v1/exam-orders?status=QUEUED')).body
      .items as {
      id: string;
      studyId: string | null;
    }[];
    expect(orders.map((o) => o.id).sort()).toEqual([byUid.id, byAccession.id].sort());
    // The reader finds both in the center's worklist, with no 申请单 sent in between.
    const worklist = await w.as['rm.reader'].get(`/api/v1/worklist?centerId=${w.imaging}`);
    const queued = (worklist.body.items as { studyId: string }[]).map((s) => s.studyId);
    expect(queued).toEqual(expect.arrayContaining(orders.map((o) => o.studyId)));
    expect(orders.every((o) => o.studyId)).toBe(true);
  });

  it('drops cancelled orders from the worklist and refuses bad queries and bad orders', async () => {
    const cancelled = await order({ requestedProcedure: '取消的检查' });
    const res = await w.as['pj.doctor'].post(`/api/v1/exam-orders/${cancelled.id}/cancel`, {
      reason: '患者未到',
    });
    expect(res.body.status).toBe('CANCELLED');
    const listed = await findscu(CT_AE, query('ISO_IR 192'), 'after-cancel');
    const texts = listed.files.map((f) =>
      execFileSync('dcmdump', ['+U8', f], { encoding: 'utf8' }),
    );
    expect(texts.join('\n')).not.toContain(cancelled.accessionNumber);
    // A date that is not a date: the worklist says so with a failure status, not a crash.
    const bad = await run('findscu', [
      '-v',
      '-W',
      ...toGateway(),
      '-k',
      '(0040,0100)[0].ScheduledProcedureStepStartDate=2026-13-99',
    ]);
    expect(bad.out).toMatch(/Received Final Find Response \(Error: DataSetDoesNotMatchSOPClass\)/);

    const duplicate = await w.as['pj.doctor'].post('/api/v1/exam-orders', {
      patientId,
      accessionNumber: cancelled.accessionNumber,
      modality: 'CT',
      requestedProcedure: 'x',
      scheduledAt: `${today}T11:00:00+08:00`,
      centerId: w.imaging,
      clinicalHistory: 'x',
      question: 'x',
    });
    expect(duplicate.status).toBe(409);
    const invalid = await w.as['pj.doctor'].post('/api/v1/exam-orders', {
      patientId,
      modality: 'ct scan',
      requestedProcedure: '',
      scheduledAt: 'tomorrow',
      centerId: w.fulu,
      clinicalHistory: 'x',
      question: 'x',
    });
    expect(invalid.status).toBe(400);
    expect([...new Set(invalid.body.errors.map((e: { path: string }) => e.path))].sort()).toEqual([
      'modality',
      'requestedProcedure',
      'scheduledAt',
    ]);
    // Another community's patient, a year no one schedules in: refused, and no order written.
    const before = (
      await sql<{ n: number }>(`SELECT count(*)::int AS n FROM diagnosis.exam_orders`)
    )[0].n;
    const theirs = await w.as['bj.doctor'].post('/api/v1/patients', {
      residentId: residentId('19700101', 44),
      name: '外院患者',
    });
    expect(theirs.status).toBe(201);
    const good = {
      modality: 'CT',
      requestedProcedure: '胸部CT平扫',
      scheduledAt: `${today}T11:00:00+08:00`,
      centerId: w.imaging,
      clinicalHistory: 'x',
      question: 'x',
    };
    const otherPatient = await w.as['pj.doctor'].post('/api/v1/exam-orders', {
      ...good,
      patientId: theirs.body.id,
    });
    expect([400, 404]).toContain(otherPatient.status);
    const farFuture = await w.as['pj.doctor'].post('/api/v1/exam-orders', {
      ...good,
      patientId,
      scheduledAt: '99999-01-01T00:00:00+08:00',
    });
    expect(farFuture.status).toBe(400);
    const nul = await w.as['pj.doctor'].post('/api/v1/exam-orders', {
      ...good,
      patientId,
      requestedProcedure: 'CT\u0000',
    });
    expect(nul.status).toBe(400);
    expect(
      (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM diagnosis.exam_orders`))[0].n,
    ).toBe(before);
    const reader = await w.as['rm.reader'].post('/api/v1/exam-orders', { patientId });
    expect(reader.status).toBe(403);
  });

  it('answers 404 to another institution cancelling an order, and changes nothing', async () => {
    const ours = await order({ requestedProcedure: '他院不得取消' });
    const state = () =>
      sql(`SELECT status, cancelled_reason, updated_at FROM diagnosis.exam_orders WHERE id = $1`, [
        ours.id,
      ]);
    const before = await state();
    // The lead hospital's clinician: same community, another institution.
    const lead = new Api(sys.url, await login(sys.url, 'rm.doctor'));
    const res = await lead.post(`/api/v1/exam-orders/${ours.id}/cancel`, { reason: '越权取消' });
    expect(res.status).toBe(404);
    expect(await state()).toEqual(before);
    expect(before[0]).toMatchObject({ status: 'SCHEDULED', cancelled_reason: null });
  });

  it('matches patient ID and patient name wildcards, with SQL wildcards taken literally', async () => {
    const other = await w.as['pj.doctor'].post('/api/v1/patients', {
      residentId: residentId('19620705', 33),
      name: '李四',
    });
    expect(other.status).toBe(201);
    const zhang = await order({ requestedProcedure: '通配符·张' });
    const li = await order({ requestedProcedure: '通配符·李', patientId: other.body.id });
    let n = 0;
    /** The accession numbers a worklist query with these PatientID and PatientName values finds. */
    const accessions = async (id: string, name: string) => {
      const keys = query('ISO_IR 192').filter((k) => !k.startsWith('Patient'));
      const res = await findscu(
        CT_AE,
        [...keys, 'PatientBirthDate', `PatientID=${id}`, `PatientName=${name}`],
        `wild-${n++}`,
      );
      expect(res.code).toBe(0);
      const dumps = res.files.map((f) => execFileSync('dcmdump', ['+U8', f], { encoding: 'utf8' }));
      return [zhang, li].filter((o) => dumps.some((d) => d.includes(o.accessionNumber)));
    };
    expect(await accessions(`${patientId.slice(0, 13)}*`, '')).toEqual([zhang]);
    expect(await accessions(`${patientId.slice(0, -1)}?`, '')).toEqual([zhang]);
    expect(await accessions('*', '李*')).toEqual([li]);
    expect(await accessions('', '张?丰')).toEqual([zhang]);
    expect(await accessions(`${patientId.slice(0, 8)}*`, '李*')).toEqual([]);
    expect(await accessions('*', '*')).toEqual([zhang, li]);
    // `%` and `_` are no wildcards in DICOM: as LIKE wildcards they would match every order.
    expect(await accessions('%', '')).toEqual([]);
    expect(await accessions('_'.repeat(36), '')).toEqual([]);
  });
});

/** A CT whose Study Instance UID the order does not know, carrying the order's accession number. */
function ctFileWithAccession(study: string, accession: string): Buffer {
  return writePart10(CT, `${study}.1.1`, [
    { tag: 0x00080016, vr: 'UI', value: CT },
    { tag: 0x00080018, vr: 'UI', value: `${study}.1.1` },
    { tag: 0x00080050, vr: 'SH', value: accession },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x0020000d, vr: 'UI', value: study },
    { tag: 0x0020000e, vr: 'UI', value: `${study}.1` },
    { tag: 0x7fe00010, vr: 'OW', value: Buffer.alloc(512, 1) },
  ]);
}

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
  isolation = await isolatedRun('diagnosiscritical');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/** D6–D8 through the gateway: critical findings, the green channel from one, and result sharing. */
describe('critical findings and result sharing (e2e)', () => {
  let sys: System;
  let clinic: Api;
  let reader: Api;
  let leadDoctor: Api;
  let admin: Api;
  let lead: string;
  let imaging: string;
  let patientId: string;
  let n = 0;

  async function readStudy(): Promise<string> {
    const uid = `1.2.826.0.1.3680043.10.3.${process.pid}.${++n}`;
    const up = await uploadAs(sys, clinic.token, ctInstance(uid, [], { pixels: 1024 }));
    expect(up.status).toBe(201);
    const studyId = up.body.studyId;
    await sql(`UPDATE diagnosis.studies SET status = 'RETURNED' WHERE status = 'QUEUED'`);
    await clinic.post(`/api/v1/studies/${studyId}/reading-request`, {
      centerId: imaging,
      priority: 'STAT',
      clinicalHistory: '胸痛2小时',
      question: '主动脉夹层？',
      patientId,
    });
    expect((await reader.post('/api/v1/worklist/claim', {})).body.study.id).toBe(studyId);
    return studyId;
  }

  beforeAll(async () => {
    sys = await startSystem({}, {}, { SWEEP_INTERVAL_MS: '400' });
    const [a, b, c, d, e] = await Promise.all(
      ['pj.doctor', 'rm.reader', 'rm.doctor', 'rm.admin', 'rm.coord'].map((u) => login(sys.url, u)),
    );
    [clinic, reader, leadDoctor, admin] = [a, b, c, d].map((t) => new Api(sys.url, t));
    const coord = new Api(sys.url, e);
    lead = (await clinic.get('/api/v1/institutions?type=LEAD_HOSPITAL')).body[0].id;
    const departments = (await reader.get(`/api/v1/institutions/${lead}/departments`)).body;
    imaging = departments.find((x: { kind: string }) => x.kind === 'IMAGING_CENTER').id;
    const ward = departments.find((x: { code: string }) => x.code === 'W-SU').id;
    patientId = (
      await clinic.post('/api/v1/patients', {
        residentId: '110105194912310021'.slice(0, 17) + 'X',
        name: '钱七',
      })
    ).body.id;
    await eventually('directory replicas', async () => {
      const [d] = await sql(`SELECT count(*)::int n FROM diagnosis.dir_departments WHERE id = $1`, [
        imaging,
      ]);
      const [r] = await sql(`SELECT count(*)::int n FROM referral.dir_departments WHERE id = $1`, [
        ward,
      ]);
      return d.n === 1 && r.n === 1;
    });
    await coord.post('/api/v1/capacity/beds', {
      departmentId: ward,
      beds: ['C1', 'C2', 'C3', 'C4'].map((x, i) => ({
        number: x,
        pool: i === 0 ? 'REFERRAL' : 'GENERAL',
      })),
    });
  });
  afterAll(async () => sys?.stop());

  it('notifies the clinic at once, and a named clinician acknowledges', async () => {
    const studyId = await readStudy();
    const raised = await reader.post(`/api/v1/studies/${studyId}/critical`, {
      description: '主动脉夹层（Stanford A型）',
    });
    expect(raised.status).toBe(201);
    await eventually(
      'critical.raised relayed',
      async () =>
        (
          await sql(
            `SELECT 1 FROM diagnosis.outbox WHERE aggregate_id = $1 AND type = 'critical.raised' AND published_at IS NOT NULL`,
            [studyId],
          )
        ).length === 1,
    );
    const open = (await clinic.get('/api/v1/critical-findings?open=true')).body.items;
    expect(open.map((f: { id: string }) => f.id)).toContain(raised.body.id);
    expect(
      (await reader.post(`/api/v1/critical-findings/${raised.body.id}/acknowledge`, {})).status,
    ).toBe(403);
    const ack = await clinic.post(`/api/v1/critical-findings/${raised.body.id}/acknowledge`, {
      note: '已电话通知患者家属，立即转诊',
    });
    expect(ack.body).toMatchObject({
      acknowledgedByName: '屏锦中心卫生院 医生',
      acknowledgedAt: expect.any(String),
    });
    expect(
      (await clinic.post(`/api/v1/critical-findings/${raised.body.id}/acknowledge`, {})).status,
    ).toBe(409);

    // D7: a green-channel up-referral with the study attached, opened through the referral service.
    const referral = await clinic.post(
      `/api/v1/critical-findings/${raised.body.id}/green-channel-referral`,
      {
        toInstitutionId: lead,
        greenChannel: 'CHEST_PAIN',
        diagnoses: ['I71.0'],
        reason: '危急值：主动脉夹层',
      },
    );
    expect(referral.status).toBe(201);
    expect(referral.body.status).toBe('ACCEPTED');
    const detail = (await clinic.get(`/api/v1/referrals/${referral.body.referralId}`)).body;
    expect(detail).toMatchObject({
      greenChannel: 'CHEST_PAIN',
      patientId,
      attachments: [{ type: 'STUDY', id: studyId }],
      reservation: { kind: 'BED' },
    });
    expect(
      (
        await clinic.post(`/api/v1/critical-findings/${raised.body.id}/green-channel-referral`, {
          toInstitutionId: lead,
          greenChannel: 'CHEST_PAIN',
          diagnoses: ['I71.0'],
          reason: 'again',
        })
      ).status,
    ).toBe(409);
  });

  it('escalates a critical finding nobody acknowledged in time', async () => {
    const studyId = await readStudy();
    const raised = (
      await reader.post(`/api/v1/studies/${studyId}/critical`, { description: '大量气胸' })
    ).body;
    expect(new Date(raised.ackDeadline).getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    await sql(
      `UPDATE diagnosis.critical_findings SET ack_deadline = now() - interval '1 second' WHERE id = $1`,
      [raised.id],
    );
    await eventually(
      'escalation',
      async () =>
        (await clinic.get('/api/v1/critical-findings')).body.items.find(
          (f: { id: string; escalatedAt: string }) => f.id === raised.id,
        )?.escalatedAt,
    );
    expect(
      await sql(
        `SELECT count(*)::int n FROM diagnosis.outbox WHERE aggregate_id = $1 AND type = 'critical.escalated'`,
        [studyId],
      ),
    ).toEqual([{ n: 1 }]);
  });

  it("lets the community's clinicians find a patient's studies across institutions, audited", async () => {
    // A reader's draft on one of the patient's studies: the clinicians must not see it.
    const drafted = await readStudy();
    expect(
      (
        await reader.post(`/api/v1/studies/${drafted}/report/draft`, {
          findings: '纵隔增宽',
          impression: '草稿，未签发',
        })
      ).status,
    ).toBeLessThan(300);
    expect(
      await sql(
        `SELECT status FROM diagnosis.report_versions WHERE study_id = $1 AND status = 'DRAFT'`,
        [drafted],
      ),
    ).toEqual([{ status: 'DRAFT' }]);
    const found = await leadDoctor.get(`/api/v1/patients/${patientId}/studies`);
    expect(found.status).toBe(200);
    expect(found.body.items.length).toBeGreaterThanOrEqual(3);
    const withDraft = found.body.items.find((s: { id: string }) => s.id === drafted);
    expect(withDraft).toBeDefined();
    expect(withDraft.reports).toEqual([]);
    const statuses = found.body.items.flatMap((s: { reports: { status: string }[] }) =>
      s.reports.map((r) => r.status),
    );
    expect(statuses).not.toContain('DRAFT');
    const audit = (
      await admin.get(`/api/v1/audit?patientId=${patientId}&resourceType=ImagingStudy`)
    ).body.items;
    const reads = audit.filter(
      (e: { actorName: string; action: string }) =>
        e.actorName === '区人民医院 临床医生' && e.action === 'read',
    );
    expect(reads.length).toBe(found.body.items.length);
    const other = new Api(sys.url, await login(sys.url, 'bj.doctor'));
    expect((await other.get(`/api/v1/patients/${patientId}/studies`)).status).toBe(404);
  });
});

import { ctInstance, demoWorld, residentId } from '../security/fixtures';
import { Api, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { uploadAs } from '../support/uploads';
import { login, startSystem, System } from '../support/system';

/**
 * Issue 12 item 14: 检查结果互认 across the county (seed 001 四(七)3, seed 003 县域内互认). The two
 * Liangping 医联体 are in one district; a clinician of one sees the same resident's finished
 * results of the other only when both communities opted in, and each look is audited.
 */
describe('检查结果互认 across the district (e2e)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let zy: Record<'admin' | 'reader' | 'doctor', Api>;
  let rmCommunity: string;
  let zyCommunity: string;
  let pjPatient: string;
  let finishedStudy: string;
  const resident = residentId('19550505', 21);

  beforeAll(async () => {
    isolation = await isolatedRun('resultsharing');
    sys = await startSystem();
    w = await demoWorld(sys);
    const [admin, reader, doctor] = await Promise.all(
      ['zy.admin', 'zy.reader', 'bj.doctor'].map((u) => login(sys.url, u)),
    );
    zy = {
      admin: new Api(sys.url, admin),
      reader: new Api(sys.url, reader),
      doctor: new Api(sys.url, doctor),
    };
    rmCommunity = (await w.as['rm.admin'].get('/api/v1/communities')).body[0].id;
    zyCommunity = (await zy.admin.get('/api/v1/communities')).body[0].id;
    pjPatient = (
      await w.as['pj.doctor'].post('/api/v1/patients', { residentId: resident, name: '周五' })
    ).body.id;
    // The same resident, registered in the other 医联体, with a finished CT and an unread one.
    const bjPatient = (
      await zy.doctor.post('/api/v1/patients', { residentId: resident, name: '周五' })
    ).body.id;
    const institutions = (await zy.admin.get('/api/v1/institutions?type=LEAD_HOSPITAL')).body;
    const departments = (
      await zy.admin.get(`/api/v1/institutions/${institutions[0].id}/departments`)
    ).body as { id: string; code: string }[];
    const imaging = departments.find((d) => d.code === 'IMG')!.id;
    await zy.admin.patch(`/api/v1/reading-centers/${imaging}/settings`, {
      requiresSeniorApproval: false,
    });
    const upload = async (n: number) => {
      const res = await uploadAs(
        sys.url,
        zy.doctor.token,
        ctInstance(`1.2.826.0.1.3680043.10.95.${process.pid}.${n}`),
      );
      const studyId = res.body.studyId as string;
      const requested = await zy.doctor.post(`/api/v1/studies/${studyId}/reading-request`, {
        centerId: imaging,
        priority: 'ROUTINE',
        clinicalHistory: '头晕',
        question: '腔隙性梗死？',
        patientId: bjPatient,
      });
      // Queue order below depends on both being queued, the first one first.
      expect([studyId, requested.status, requested.body.status]).toEqual([studyId, 201, 'QUEUED']);
      return studyId;
    };
    finishedStudy = await upload(1);
    await upload(2);
    const claimed = await zy.reader.post('/api/v1/worklist/claim', {});
    expect(claimed.body.study.id).toBe(finishedStudy);
    await zy.reader.post(`/api/v1/studies/${finishedStudy}/report/draft`, {
      findings: '双侧基底节区见小斑点状低密度影',
      impression: '双侧基底节区腔隙性梗死',
    });
    expect((await zy.reader.post(`/api/v1/studies/${finishedStudy}/report/sign`)).body.status).toBe(
      'FINAL',
    );
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  const look = () => w.as['pj.doctor'].get(`/api/v1/patients/${pjPatient}/district-results`);

  it('is off by default: a clinician is told so, and nothing is shared', async () => {
    const res = await look();
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/互认 is off/);
    expect(
      (await w.as['rm.admin'].get(`/api/v1/communities/${rmCommunity}/result-sharing`)).body,
    ).toMatchObject({
      enabled: false,
      districtName: expect.stringContaining('梁平'),
    });
  });

  it('shares only between communities that both opted in', async () => {
    const on = await w.as['rm.admin'].put(`/api/v1/communities/${rmCommunity}/result-sharing`, {
      enabled: true,
    });
    expect(on.status).toBe(200);
    expect((await look()).body.items).toEqual([]); // the other 医联体 has not opted in
    await zy.admin.put(`/api/v1/communities/${zyCommunity}/result-sharing`, { enabled: true });
    const shared = await look();
    expect([shared.status, shared.body.detail]).toEqual([200, undefined]);
    // Only the finished study: a study still being read is not a result.
    expect(shared.body.items).toEqual([
      expect.objectContaining({
        id: finishedStudy,
        communityId: zyCommunity,
        report: expect.objectContaining({ impression: '双侧基底节区腔隙性梗死', version: 1 }),
      }),
    ]);
    const [audit] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM gateway.audit_log WHERE resource_type = 'SharedStudy' AND resource_id = $1 AND patient_id = $2`,
      [finishedStudy, pjPatient],
    );
    expect(audit.n).toBe(1);
    await zy.admin.put(`/api/v1/communities/${zyCommunity}/result-sharing`, { enabled: false });
    expect((await look()).body.items).toEqual([]);
  });

  it('refuses the wrong people and bad input, changing nothing', async () => {
    expect(
      (await w.as['rm.reader'].get(`/api/v1/patients/${pjPatient}/district-results`)).status,
    ).toBe(403);
    expect(
      (await zy.admin.put(`/api/v1/communities/${rmCommunity}/result-sharing`, { enabled: false }))
        .status,
    ).toBe(404);
    expect(
      (
        await w.as['rm.admin'].put(`/api/v1/communities/${rmCommunity}/result-sharing`, {
          enabled: 'yes',
        })
      ).status,
    ).toBe(400);
    expect(
      (await w.as['pj.doctor'].get(`/api/v1/patients/${w.lead}/district-results`)).status,
    ).toBe(404);
    expect(
      (await w.as['rm.admin'].get(`/api/v1/communities/${rmCommunity}/result-sharing`)).body
        .enabled,
    ).toBe(true);
  });
});

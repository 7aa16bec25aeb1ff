import { sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { startSystem, System } from '../support/system';
import { ctInstance, demoWorld, uploadAs } from './fixtures';
import { registerPatient, upReferral } from '../support/referrals';

/** Security review findings 5, 7, 16 and 18: no link across communities, institutions or centers. */
describe('security: tenancy holds across patients, studies, centers and referrals', () => {
  let sys: System;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let patientA: string;
  let patientB: string;
  let n = 0;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  const uid = () => `1.2.826.0.1.3680043.10.79.${process.pid}.${++n}`;

  beforeAll(async () => {
    // Its own database: "the ECG reader claims next" must find this suite's study first, not a
    // STAT tracing another suite queued at the same center (a flake that depended on suite order).
    isolation = await isolatedRun('tenancy');
    sys = await startSystem();
    w = await demoWorld(sys);
    patientA = await registerPatient(w.as['pj.doctor'], '19650707', 31, '甲社区患者');
    patientB = await registerPatient(w.as['bj.doctor'], '19650707', 32, '乙社区患者');
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  describe('#5 a reading request links only a patient of the caller’s community', () => {
    it('refuses another community’s patient or an unknown id, linking nothing', async () => {
      const up = await uploadAs(sys, w.as['bj.doctor'].token, ctInstance(uid()));
      expect(up.status).toBe(201);
      const zyCenter = (
        await sql<{ id: string }>(
          `SELECT d.id FROM gateway.departments d JOIN gateway.institutions i ON i.id = d.institution_id
            WHERE i.name = '梁平区中医医院' AND d.kind = 'IMAGING_CENTER'`,
        )
      )[0].id;
      for (const patientId of [patientA, '6f2b1c1e-0000-4000-8000-000000000000']) {
        const res = await w.as['bj.doctor'].post(
          `/api/v1/studies/${up.body.studyId}/reading-request`,
          { centerId: zyCenter, clinicalHistory: '头痛', question: '出血？', patientId },
        );
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([{ path: 'patientId', message: 'unknown patient' }]);
      }
      const [study] = await sql(`SELECT status, patient_id FROM diagnosis.studies WHERE id = $1`, [
        up.body.studyId,
      ]);
      expect(study).toEqual({ status: 'RECEIVED', patient_id: null });
      const own = await w.as['bj.doctor'].post(
        `/api/v1/studies/${up.body.studyId}/reading-request`,
        { centerId: zyCenter, clinicalHistory: '头痛', question: '出血？', patientId: patientB },
      );
      expect(own.status).toBe(201);
      expect(own.body.patientId).toBe(patientB);
    });
  });

  describe('#7 DICOM UIDs are scoped to the submitting institution', () => {
    it('another community uploading the same UIDs gets its own study: no oracle, no squatting', async () => {
      const study = uid();
      const mine = await uploadAs(sys, w.as['pj.doctor'].token, ctInstance(study));
      expect(mine.status).toBe(201);
      const theirs = await uploadAs(sys, w.as['bj.doctor'].token, ctInstance(study));
      expect(theirs.status).toBe(201);
      expect(theirs.body.studyId).not.toBe(mine.body.studyId);
      expect(theirs.body.created).toBe(true);
      // The first owner is neither changed nor blocked: its re-send is still idempotent.
      const again = await uploadAs(sys, w.as['pj.doctor'].token, ctInstance(study));
      expect(again.status).toBe(200);
      expect(again.body.studyId).toBe(mine.body.studyId);
      const rows = await sql<{ institution_id: string; instance_count: number }>(
        `SELECT institution_id, instance_count FROM diagnosis.studies WHERE study_instance_uid = $1 ORDER BY received_at`,
        [study],
      );
      expect(rows.map((r) => r.instance_count)).toEqual([1, 1]);
    });

    it('a UID squatted first by another community does not stop its owner', async () => {
      const study = uid();
      expect((await uploadAs(sys, w.as['bj.doctor'].token, ctInstance(study))).status).toBe(201);
      expect((await uploadAs(sys, w.as['pj.doctor'].token, ctInstance(study))).status).toBe(201);
    });
  });

  describe('#16 redirects keep the level rule; readers read only for their centers', () => {
    it('an up-referral cannot be redirected to a village clinic or to the sender’s level', async () => {
      const r = (
        await w.as['pj.coord'].post('/api/v1/referrals', upReferral(w.lead, patientA, '胸痛'))
      ).body;
      for (const target of [w.villages[0], w.fulu]) {
        const res = await w.as['rm.coord'].post(`/api/v1/referrals/${r.id}/redirect`, {
          reason: '转诊',
          toInstitutionId: target,
        });
        expect(res.status).toBe(400);
        expect(res.body.errors[0]).toEqual({
          path: 'toInstitutionId',
          message: 'wrong level for the direction',
        });
      }
      expect((await w.as['pj.coord'].get(`/api/v1/referrals/${r.id}`)).body.status).toBe(
        'SUBMITTED',
      );
    });

    it('an imaging reader neither claims, sees nor flags ECG work; the ECG reader does', async () => {
      const ecgUid = uid();
      // Queued straight in the database: what matters here is who may take it, not the upload.
      const studyId = (
        await sql<{ id: string }>(
          `INSERT INTO diagnosis.studies (id, community_id, institution_id, study_instance_uid, modality, status, center_id,
                  priority, clinical_history, question, requested_by_name, requested_at, due_at)
           SELECT gen_random_uuid(), i.community_id, i.id, $1, 'ECG', 'QUEUED', $2, 'STAT', '心悸', '心律？', 'test', now(), now() + interval '1 hour'
             FROM gateway.institutions i WHERE i.id = $3 RETURNING id`,
          [ecgUid, w.ecgCenter, w.pingjin],
        )
      )[0].id;
      const imagingReader = w.as['rm.reader'];
      const named = await imagingReader.post('/api/v1/worklist/claim', { centerId: w.ecgCenter });
      expect(named.status).toBe(403);
      const next = await imagingReader.post('/api/v1/worklist/claim', {});
      expect(next.body.study?.id).not.toBe(studyId);
      if (next.body.study)
        await imagingReader.post(`/api/v1/studies/${next.body.study.id}/release`, {});
      expect((await imagingReader.get(`/api/v1/studies/${studyId}`)).status).toBe(404);
      const claimed = await w.as['rm.ecg'].post('/api/v1/worklist/claim', {
        centerId: w.ecgCenter,
      });
      expect(claimed.body.study.id).toBe(studyId);
      const flag = await imagingReader.post(`/api/v1/studies/${studyId}/critical`, {
        description: '室颤',
      });
      expect(flag.status).toBe(404);
      expect(
        (
          await w.as['rm.ecg'].post(`/api/v1/studies/${studyId}/critical`, {
            description: '室颤',
          })
        ).status,
      ).toBe(201);
    });
  });

  describe('#18 one green-channel referral per critical finding, under any concurrency', () => {
    it('ten simultaneous requests open exactly one referral', async () => {
      const up = await uploadAs(sys, w.as['pj.doctor'].token, ctInstance(uid()));
      await w.as['pj.doctor'].post(`/api/v1/studies/${up.body.studyId}/reading-request`, {
        centerId: w.imaging,
        priority: 'STAT',
        clinicalHistory: '胸痛',
        question: '夹层？',
        patientId: patientA,
      });
      // Claim until this study comes up (others may be queued ahead of it).
      for (let i = 0; i < 20; i++) {
        const c = (await w.as['rm.senior'].post('/api/v1/worklist/claim', { centerId: w.imaging }))
          .body.study;
        if (!c || c.id === up.body.studyId) break;
      }
      const finding = await w.as['rm.senior'].post(`/api/v1/studies/${up.body.studyId}/critical`, {
        description: '主动脉夹层',
      });
      expect(finding.status).toBe(201);
      const body = {
        toInstitutionId: w.lead,
        greenChannel: 'CHEST_PAIN',
        diagnoses: ['I71.0'],
        reason: '危急值：主动脉夹层',
      };
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          w.as['pj.doctor'].post(
            `/api/v1/critical-findings/${finding.body.id}/green-channel-referral`,
            body,
          ),
        ),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([201, ...Array(9).fill(409)]);
      const referrals = await sql<{ id: string }>(
        `SELECT id FROM referral.referrals WHERE origin_key = $1`,
        [`critical-finding:${finding.body.id}`],
      );
      expect(referrals).toHaveLength(1);
      const [f] = await sql(`SELECT referral_id FROM diagnosis.critical_findings WHERE id = $1`, [
        finding.body.id,
      ]);
      expect(f).toEqual({ referral_id: referrals[0].id });
      const all = await sql(
        `SELECT count(*)::int AS n FROM referral.referrals WHERE patient_id = $1 AND green_channel = 'CHEST_PAIN'`,
        [patientA],
      );
      expect(all).toEqual([{ n: 1 }]);
    });
  });
});

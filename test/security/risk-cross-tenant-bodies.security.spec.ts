import { Api, eventually, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { startSystem, System } from '../support/system';
import { ctInstance, demoWorld, localDay, residentId, uploadAs } from './fixtures';
import { schedule, slotOn } from '../support/capacity';

/**
 * Issue 13 item 14: real ids of the *other* 医联体 (梁平区中医医院医联体, "B") in the request
 * bodies of the first (梁平区人民医院医联体, "A"), and the other way round. Every one is refused
 * with a problem+json 400/403/404 that names nothing of B, and nothing is written: a fingerprint
 * of every table a body could reach is the same after each refusal.
 */
describe('risk: ids of another community in request bodies', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  const b = {} as Record<
    | 'lead'
    | 'village'
    | 'cardiology'
    | 'ward'
    | 'imaging'
    | 'patient'
    | 'slot'
    | 'bed'
    | 'completedReferral'
    | 'openReferral'
    | 'study',
    string
  >;
  let patientA: string;
  let referralA: string;
  let studyA: string;
  let n = 0;
  const uid = () => `1.2.826.0.1.3680043.10.142.${process.pid}.${++n}`;

  /** Everything a refused body might have written, hashed (audit rows and logins aside). */
  const fingerprint = async () =>
    (
      await sql<{ f: string }>(
        `SELECT md5(concat_ws('#',
           (SELECT string_agg(concat_ws('|', id, status, to_institution_id, to_department_id, patient_id, continues_referral_id, updated_at), ',' ORDER BY id) FROM referral.referrals),
           (SELECT string_agg(concat_ws('|', id, status, slot_id, bed_id), ',' ORDER BY id) FROM referral.reservations),
           (SELECT string_agg(concat_ws('|', id, held, booked, capacity), ',' ORDER BY id) FROM referral.slots),
           (SELECT string_agg(concat_ws('|', id, status), ',' ORDER BY id) FROM referral.beds),
           (SELECT count(*) FROM referral.transitions),
           (SELECT string_agg(concat_ws('|', id, status, center_id, patient_id, priority), ',' ORDER BY id) FROM diagnosis.studies),
           (SELECT count(*) FROM referral.outbox), (SELECT count(*) FROM diagnosis.outbox),
           (SELECT count(*) FROM gateway.patients))) AS f`,
      )
    )[0].f;

  beforeAll(async () => {
    isolation = await isolatedRun('riskbodies');
    sys = await startSystem();
    w = await demoWorld(sys);
    const [inst] = await sql<{ id: string }>(
      `SELECT id FROM gateway.institutions WHERE name = '梁平区中医医院'`,
    );
    b.lead = inst.id;
    b.village = (
      await sql<{ id: string }>(
        `SELECT i.id FROM gateway.institutions i JOIN gateway.communities c ON c.id = i.community_id
          WHERE c.code = 'LP-ZYY' AND i.type = 'VILLAGE_CLINIC' LIMIT 1`,
      )
    )[0].id;
    const dept = async (code: string) =>
      (
        await sql<{ id: string }>(
          `SELECT id FROM gateway.departments WHERE institution_id = $1 AND code = $2`,
          [b.lead, code],
        )
      )[0].id;
    b.cardiology = await dept('CARD');
    b.ward = await dept('W-IM');
    b.imaging = await dept('IMG');

    await eventually('B in the directory replicas', async () => {
      const [r] = await sql<{ n: number }>(
        `SELECT (SELECT count(*) FROM referral.dir_departments WHERE id = ANY($1))::int +
                (SELECT count(*) FROM diagnosis.dir_departments WHERE id = ANY($1))::int AS n`,
        [[b.cardiology, b.ward, b.imaging]],
      );
      return r.n === 6;
    });
    // B's own world, made through B's own users.
    const bj = w.as['bj.doctor'];
    const zy = w.as['zy.coord'];
    b.patient = (
      await bj.post('/api/v1/patients', {
        residentId: residentId('19700505', 142),
        name: '乙方患者',
      })
    ).body.id;
    const day = localDay(5);
    const slots = await zy.post('/api/v1/capacity/slots', {
      departmentId: b.cardiology,
      slots: [0, 1, 2].map((i) => ({
        startsAt: `${day}T${10 + i}:00:00+08:00`,
        endsAt: `${day}T${10 + i}:30:00+08:00`,
        capacity: 2,
        pool: 'REFERRAL',
      })),
    });
    expect([slots.status, slots.body.detail]).toEqual([201, undefined]);
    b.slot = slots.body.slots[0].id;
    const beds = await zy.post('/api/v1/capacity/beds', {
      departmentId: b.ward,
      beds: [{ number: 'B-1', pool: 'REFERRAL' }],
    });
    expect(beds.status).toBe(201);
    b.bed = beds.body.beds[0].id;
    const up = (hold: object) =>
      bj.post('/api/v1/referrals', {
        direction: 'UP',
        toInstitutionId: b.lead,
        patientId: b.patient,
        diagnoses: ['I20.0'],
        reason: '乙方转诊',
        hold,
      });
    const done = await up({ kind: 'SLOT', slotId: slots.body.slots[1].id });
    expect(done.status).toBe(201);
    b.completedReferral = done.body.id;
    expect((await zy.post(`/api/v1/referrals/${done.body.id}/accept`, {})).status).toBe(200);
    expect((await zy.post(`/api/v1/referrals/${done.body.id}/check-in`, {})).status).toBe(200);
    const completed = await zy.post(`/api/v1/referrals/${done.body.id}/complete`, {
      summary: '好转',
    });
    expect(completed.body.status).toBe('COMPLETED');
    const open = await up({ kind: 'SLOT', slotId: slots.body.slots[2].id });
    expect(open.status).toBe(201);
    b.openReferral = open.body.id;
    const bStudy = await uploadAs(sys, bj.token, ctInstance(uid()));
    expect(bStudy.status).toBe(201);
    b.study = bStudy.body.studyId;

    // A's own.
    patientA = (
      await w.as['pj.doctor'].post('/api/v1/patients', {
        residentId: residentId('19700505', 143),
        name: '甲方患者',
      })
    ).body.id;
    const ra = await w.as['pj.coord'].post('/api/v1/referrals', {
      direction: 'UP',
      toInstitutionId: w.lead,
      patientId: patientA,
      diagnoses: ['I20.0'],
      reason: '甲方转诊',
    });
    expect(ra.status).toBe(201);
    referralA = ra.body.id;
    const aStudy = await uploadAs(sys, w.as['pj.doctor'].token, ctInstance(uid()));
    expect(aStudy.status).toBe(201);
    studyA = aStudy.body.studyId;
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  const newReferral = (over: object) => ({
    direction: 'UP',
    toInstitutionId: w.lead,
    patientId: patientA,
    diagnoses: ['I20.0'],
    reason: '跨社区测试',
    ...over,
  });

  /** [what, caller, path, body] — each names one of B's real ids where A's belongs. */
  const cases = (): [string, Api, string, object][] => [
    [
      'referral: patientId',
      w.as['pj.coord'],
      '/api/v1/referrals',
      newReferral({ patientId: b.patient }),
    ],
    [
      'referral: toInstitutionId',
      w.as['pj.coord'],
      '/api/v1/referrals',
      newReferral({ toInstitutionId: b.lead }),
    ],
    [
      'referral: toDepartmentId',
      w.as['pj.coord'],
      '/api/v1/referrals',
      newReferral({ toDepartmentId: b.cardiology }),
    ],
    [
      'referral: hold.slotId',
      w.as['pj.coord'],
      '/api/v1/referrals',
      newReferral({ hold: { kind: 'SLOT', slotId: b.slot } }),
    ],
    [
      'referral: hold.bedId',
      w.as['pj.coord'],
      '/api/v1/referrals',
      newReferral({ hold: { kind: 'BED', bedId: b.bed } }),
    ],
    [
      'down-referral: continuesReferralId',
      w.as['rm.coord'],
      '/api/v1/referrals',
      {
        direction: 'DOWN',
        toInstitutionId: w.pingjin,
        patientId: patientA,
        diagnoses: ['I20.0'],
        reason: '回基层',
        continuesReferralId: b.completedReferral,
      },
    ],
    [
      'green channel: toInstitutionId',
      w.as['pj.doctor'],
      '/api/v1/referrals',
      newReferral({ toInstitutionId: b.lead, greenChannel: 'STROKE', diagnoses: ['I63.9'] }),
    ],
    [
      'hold: slotId',
      w.as['pj.coord'],
      `/api/v1/referrals/${referralA}/hold`,
      { kind: 'SLOT', slotId: b.slot },
    ],
    [
      'hold: bedId',
      w.as['pj.coord'],
      `/api/v1/referrals/${referralA}/hold`,
      { kind: 'BED', bedId: b.bed },
    ],
    [
      'redirect: toInstitutionId',
      w.as['rm.coord'],
      `/api/v1/referrals/${referralA}/redirect`,
      { reason: '转他院', toInstitutionId: b.lead },
    ],
    [
      'capacity slots: departmentId',
      w.as['rm.coord'],
      '/api/v1/capacity/slots',
      {
        departmentId: b.cardiology,
        slots: [slotOn(localDay(6), '08:00', '08:30', 1, 'REFERRAL')],
      },
    ],
    [
      'capacity beds: departmentId',
      w.as['rm.coord'],
      '/api/v1/capacity/beds',
      { departmentId: b.ward, beds: [{ number: 'X-1', pool: 'REFERRAL' }] },
    ],
    [
      'capacity schedule: departmentId',
      w.as['rm.coord'],
      '/api/v1/capacity/schedules',
      schedule(b.cardiology, localDay(7), localDay(7), {
        sessions: [{ start: '08:00', end: '09:00' }],
        generalCapacityPerSlot: 1,
      }),
    ],
    [
      'reading request: centerId',
      w.as['pj.doctor'],
      `/api/v1/studies/${studyA}/reading-request`,
      { centerId: b.imaging, clinicalHistory: '咳嗽', question: '肺炎？' },
    ],
    [
      'reading request: patientId',
      w.as['pj.doctor'],
      `/api/v1/studies/${studyA}/reading-request`,
      { centerId: w.imaging, clinicalHistory: '咳嗽', question: '肺炎？', patientId: b.patient },
    ],
    [
      'worklist claim: centerId',
      w.as['rm.reader'],
      '/api/v1/worklist/claim',
      { centerId: b.imaging },
    ],
    // And B naming A's ids.
    [
      'B referral: patientId of A',
      w.as['bj.doctor'],
      '/api/v1/referrals',
      { ...newReferral({ patientId: patientA }), toInstitutionId: b.lead },
    ],
    [
      'B capacity: departmentId of A',
      w.as['zy.coord'],
      '/api/v1/capacity/slots',
      {
        departmentId: w.cardiology,
        slots: [slotOn(localDay(6), '09:00', '09:30', 1, 'REFERRAL')],
      },
    ],
  ];

  it('refuses every one with 400/403/404 problem+json, and writes nothing', async () => {
    const all = cases();
    expect(all.length).toBeGreaterThanOrEqual(18);
    const answers: [string, number][] = [];
    for (const [what, api, path, body] of all) {
      const before = await fingerprint();
      const res = await api.post(path, body);
      answers.push([what, res.status]);
      // Refused for the id, not for the form of the request.
      expect([what, res.body.detail]).toEqual([
        what,
        expect.stringMatching(/^([\w.]+: no such |You do not read for this reading center)/),
      ]);
      expect([what, [400, 403, 404].includes(res.status)]).toEqual([what, true]);
      expect([what, res.headers['content-type']]).toEqual([
        what,
        expect.stringMatching(/problem\+json/),
      ]);
      // The refusal names nothing of B: not its institution, department or patient.
      const text = JSON.stringify(res.body);
      for (const secret of ['梁平区中医医院', '乙方患者', '心血管内科'])
        expect([what, text.includes(secret)]).toEqual([what, false]);
      // A capacity change may be mid-flight on the bus: wait a beat before comparing.
      await new Promise((r) => setTimeout(r, 50));
      expect([what, await fingerprint()]).toEqual([what, before]);
    }
    // The same requests with A's own ids work (the refusals were about the ids, not the form).
    const ok = await w.as['pj.coord'].post('/api/v1/referrals', newReferral({}));
    expect(ok.status).toBe(201);
    expect(answers.length).toBe(all.length);
  });

  it('leaves B’s referrals, slot and bed exactly as B left them', async () => {
    const open = (await w.as['zy.coord'].get(`/api/v1/referrals/${b.openReferral}`)).body;
    expect(open).toMatchObject({ status: 'SUBMITTED', reservation: { status: 'HELD' } });
    expect(await sql(`SELECT held, booked FROM referral.slots WHERE id = $1`, [b.slot])).toEqual([
      { held: 0, booked: 0 },
    ]);
    expect(await sql(`SELECT status FROM referral.beds WHERE id = $1`, [b.bed])).toEqual([
      { status: 'AVAILABLE' },
    ]);
    expect(
      await sql(
        `SELECT count(*)::int AS n FROM referral.referrals WHERE continues_referral_id = $1`,
        [b.completedReferral],
      ),
    ).toEqual([{ n: 0 }]);
    expect(
      await sql(`SELECT status, center_id FROM diagnosis.studies WHERE id = $1`, [studyA]),
    ).toEqual([{ status: 'RECEIVED', center_id: null }]);
    // A's reader sees nothing of B's study, by id or in a list.
    expect((await w.as['rm.reader'].get(`/api/v1/studies/${b.study}`)).status).toBe(404);
  });
});

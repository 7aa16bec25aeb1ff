import request from 'supertest';
import { Api, eventually, sql } from '../support/api';
import { startSystem, System } from '../support/system';
import { ctInstance, demoWorld, localDay, residentId, uploadAs } from './fixtures';
import { slotOn } from '../support/capacity';
import { isolatedRun } from '../support/isolated-run';

type World = Awaited<ReturnType<typeof demoWorld>>;

// A database, NATS prefix and Redis prefix of this file's own: its fixed resident IDs and
// counts cannot meet another file's, whatever order the files run in. Jest runs these hooks
// before the describe's beforeAll (startSystem) and after its afterAll (the system stopped).
let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('secinputbounds');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/** Security review findings 1, 4, 8, 10 and 17: what the boundary refuses, and that it refuses it cleanly. */
describe('security: inputs are bounded and validated at the boundary', () => {
  let sys: System;
  let w: World;
  let patientId: string;

  const healthy = async () => {
    for (const app of [sys.gateway, sys.referral, sys.diagnosis]) {
      expect(app.child.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${app.port}/health/ready`)).status).toBe(200);
    }
  };

  beforeAll(async () => {
    sys = await startSystem();
    w = await demoWorld(sys);
    patientId = (
      await w.as['pj.doctor'].post('/api/v1/patients', {
        residentId: residentId('19600101', 11),
        name: '边界测试',
      })
    ).body.id;
  });
  afterAll(() => sys?.stop());

  describe('#1 a schedule is counted before anything is built', () => {
    const sessions = Array.from({ length: 6 }, () => ({ start: '00:00', end: '23:59' }));
    const schedule = (over: object) => ({
      departmentId: w.cardiology,
      daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
      slotMinutes: 5,
      referralCapacityPerSlot: 1,
      generalCapacityPerSlot: 2,
      ...over,
    });

    it('refuses the review’s schedule (every 5 minutes until 9999) at once, naming the limits', async () => {
      const before = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM referral.slots`);
      const res = await request(sys.url)
        .post('/api/v1/capacity/schedules')
        .set('Authorization', `Bearer ${w.as['rm.coord'].token}`)
        .send(schedule({ fromDate: '2027-01-01', toDate: '9999-12-31', sessions }))
        .timeout(5000); // a hang detector: the old code built slots for minutes, then died
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/at most 366 days/);
      expect(await sql(`SELECT count(*)::int AS n FROM referral.slots`)).toEqual(before);
      await healthy();
    });

    it('refuses a one-year schedule of 209,510 slots by arithmetic, stating the 5,000 limit', async () => {
      const res = await w.as['rm.coord'].post(
        '/api/v1/capacity/schedules',
        schedule({
          fromDate: '2027-01-01',
          toDate: '2027-12-31',
          sessions: [{ start: '00:00', end: '23:59' }],
        }),
      );
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        {
          path: 'toDate',
          message: expect.stringMatching(/would make 209510 slots; .* at most 5000/),
        },
      ]);
    });

    it('still publishes a schedule within the limits', async () => {
      const day = localDay(20);
      const res = await w.as['rm.coord'].post(
        '/api/v1/capacity/schedules',
        schedule({
          fromDate: day,
          toDate: day,
          sessions: [{ start: '08:00', end: '09:00' }],
          slotMinutes: 30,
          generalCapacityPerSlot: 1,
        }),
      );
      expect(res.status).toBe(201);
      expect(res.body.slots).toBe(4);
    });
  });

  describe('#4 text PostgreSQL refuses is a 400 naming the field, and changes nothing', () => {
    it('a patient name with NUL', async () => {
      const res = await w.as['pj.doctor'].post('/api/v1/patients', {
        residentId: residentId('19700101', 12),
        name: '边界\u0000甲',
      });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([{ path: 'name', message: expect.any(String) }]);
      expect(await sql(`SELECT 1 FROM gateway.patients WHERE name LIKE '边界%甲'`)).toEqual([]);
    });

    it('a reject or cancel reason with NUL or another control character', async () => {
      const r = (
        await w.as['pj.coord'].post('/api/v1/referrals', {
          direction: 'UP',
          toInstitutionId: w.lead,
          patientId,
          diagnoses: ['I20.0'],
          reason: '胸痛',
        })
      ).body;
      for (const [who, step] of [
        ['rm.coord', 'reject'],
        ['pj.coord', 'cancel'],
      ] as const) {
        for (const reason of ['无\u0000法接收', 'bell\u0007']) {
          const res = await w.as[who].post(`/api/v1/referrals/${r.id}/${step}`, { reason });
          expect(res.status).toBe(400);
          expect(res.body.errors[0].path).toBe('reason');
        }
      }
      expect((await w.as['pj.coord'].get(`/api/v1/referrals/${r.id}`)).body.status).toBe(
        'SUBMITTED',
      );
      // A lone surrogate would be stored as U+FFFD, silently changed: refused too.
      const lone = await w.as['pj.coord'].post(`/api/v1/referrals/${r.id}/cancel`, {
        reason: 'x\ud800',
      });
      expect(lone.status).toBe(400);
    });

    it('a critical-finding acknowledgement note with NUL', async () => {
      const res = await w.as['pj.doctor'].post(
        '/api/v1/critical-findings/00000000-0000-4000-8000-000000000000/acknowledge',
        { note: 'ok\u0000' },
      );
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe('note');
    });

    it('DICOM Modality and AccessionNumber with NUL inside: refused, nothing stored', async () => {
      for (const [tag, vr, name] of [
        [0x00080060, 'CS', 'Modality'],
        [0x00080050, 'SH', 'AccessionNumber'],
      ] as const) {
        const uid = `1.2.826.0.1.3680043.10.77.${process.pid}.${tag}`;
        const res = await uploadAs(
          sys,
          w.as['pj.doctor'].token,
          ctInstance(uid, [{ tag, vr, value: 'C\u0000T1' }]),
        );
        expect(res.status).toBe(400);
        expect(res.body.detail).toContain(name);
        expect(
          await sql(`SELECT 1 FROM diagnosis.studies WHERE study_instance_uid = $1`, [uid]),
        ).toEqual([]);
      }
    });
  });

  describe('#8 dates the schema used to accept', () => {
    const bad = ['0000-01-01T00:00:00+08:00', '2027-01-01T00:00:00+23:59'];
    const routes = (from: string) => [
      `/api/v1/capacity/slots?institutionId=${w.lead}&from=${encodeURIComponent(from)}&to=2027-02-01T00:00:00%2B08:00`,
      `/api/v1/studies/indicators?from=${encodeURIComponent(from)}&to=2027-02-01T00:00:00%2B08:00`,
      `/api/v1/referrals/indicators?from=${encodeURIComponent(from)}&to=2027-02-01T00:00:00%2B08:00`,
    ];

    it('year 0000 or an offset of +23:59 is a 400 naming the field on every date query', async () => {
      for (const from of bad) {
        for (const path of routes(from)) {
          const res = await w.as['rm.admin'].get(path);
          expect([path, res.status]).toEqual([path, 400]);
          expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('from');
        }
        const audit = await w.as['rm.admin'].get(`/api/v1/audit?from=${encodeURIComponent(from)}`);
        expect(audit.status).toBe(400);
      }
      const compliance = await w.as['rm.coord'].get(
        `/api/v1/capacity/compliance?institutionId=${w.lead}&fromDate=0000-01-01&toDate=2027-01-01`,
      );
      expect(compliance.status).toBe(400);
      expect(compliance.body.errors[0].path).toBe('fromDate');
      await healthy();
    });
  });

  describe('#10 no input 500s and no background promise goes unhandled', () => {
    it('deeply nested JSON with an Idempotency-Key is a 400, not a stack overflow', async () => {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const res = await request(sys.url)
        .post('/api/v1/patients')
        .set('Authorization', `Bearer ${w.as['pj.doctor'].token}`)
        .set('Idempotency-Key', 'deep-json-0001')
        .set('Content-Type', 'application/json')
        .send(deep);
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/nests deeper than 32/);
      await healthy();
    });

    it('a database failure while storing an idempotent answer is logged; the gateway serves on', async () => {
      await sql(`CREATE OR REPLACE FUNCTION gateway.fail_idem() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN IF NEW.key LIKE 'idem-fail-%' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$`);
      await sql(`CREATE TRIGGER fail_idem BEFORE UPDATE ON gateway.idempotency_keys
        FOR EACH ROW EXECUTE FUNCTION gateway.fail_idem()`);
      try {
        const res = await request(sys.url)
          .post('/api/v1/patients')
          .set('Authorization', `Bearer ${w.as['pj.doctor'].token}`)
          .set('Idempotency-Key', 'idem-fail-0001')
          .send({ residentId: residentId('19800101', 13), name: '幂等' });
        expect(res.status).toBe(201);
        await eventually('the logged failure', async () =>
          sys.gateway.output.join('').includes('could not record the idempotent answer'),
        );
        await new Promise((r) => setTimeout(r, 300));
        await healthy();
        // The key stays "in progress": a retry is refused rather than run twice.
        const retry = await request(sys.url)
          .post('/api/v1/patients')
          .set('Authorization', `Bearer ${w.as['pj.doctor'].token}`)
          .set('Idempotency-Key', 'idem-fail-0001')
          .send({ residentId: residentId('19800101', 13), name: '幂等' });
        expect(retry.status).toBe(409);
      } finally {
        await sql(`DROP TRIGGER fail_idem ON gateway.idempotency_keys`);
      }
    });
  });

  describe('#17 query flags mean what they say', () => {
    it('onlyFree=false lists full slots too; anything but true/false is a 400', async () => {
      const day = localDay(21);
      await w.as['rm.coord'].post('/api/v1/capacity/slots', {
        departmentId: w.cardiology,
        slots: [slotOn(day, '10:00', '10:30', 0, 'GENERAL')],
      });
      const q = `institutionId=${w.lead}&departmentId=${w.cardiology}&from=${day}T09:59:00%2B08:00&to=${day}T10:01:00%2B08:00`;
      const free = (await w.as['pj.coord'].get(`/api/v1/capacity/slots?${q}`)).body.items;
      const all = (await w.as['pj.coord'].get(`/api/v1/capacity/slots?${q}&onlyFree=false`)).body
        .items;
      expect(free).toHaveLength(0);
      expect(all).toHaveLength(1);
      const yes = await w.as['pj.coord'].get(`/api/v1/capacity/slots?${q}&onlyFree=yes`);
      expect(yes.status).toBe(400);
      expect(yes.body.errors[0].path).toBe('onlyFree');
    });

    it('open=false means false; 0, 1, yes and no are 400s', async () => {
      const open = await w.as['pj.doctor'].get('/api/v1/critical-findings?open=false');
      expect(open.status).toBe(200);
      expect((await w.as['pj.doctor'].get('/api/v1/critical-findings?open=0')).status).toBe(400);
    });

    it('R9: a caller cannot claim 签约 for a search; it comes from the patient record', async () => {
      const day = localDay(20);
      const q = `institutionId=${w.lead}&departmentId=${w.cardiology}&from=${day}T08:00:00%2B08:00&to=${day}T08:01:00%2B08:00`;
      const claimed = (
        await w.as['pj.coord'].get(`/api/v1/capacity/slots?${q}&familyDoctorSigned=true`)
      ).body.items.map((s: { pool: string }) => s.pool);
      expect(claimed).toEqual(['GENERAL', 'REFERRAL']);
      const signed = (
        await w.as['pj.doctor'].post('/api/v1/patients', {
          residentId: residentId('19500505', 14),
          name: '签约患者',
          familyDoctorSigned: true,
        })
      ).body.id;
      const forPatient = (
        await w.as['pj.coord'].get(`/api/v1/capacity/slots?${q}&patientId=${signed}`)
      ).body.items.map((s: { pool: string }) => s.pool);
      expect(forPatient).toEqual(['REFERRAL', 'GENERAL']);
    });
  });

  it('the services are all still up', healthy);

  // Keeps the helper honest: an Api for a made-up token gets 401, not data.
  it('an unknown token is 401', async () => {
    expect((await new Api(sys.url, 'x.y.z').get('/api/v1/me')).status).toBe(401);
  });
});

import { randomUUID } from 'node:crypto';
import { Api, eventually, sql } from '../support/api';
import { login, startSystem, System } from '../support/system';
import { isolatedRun } from '../support/isolated-run';

// A database, NATS prefix and Redis prefix of this file's own: its fixed resident IDs and
// counts cannot meet another file's, whatever order the files run in. Jest runs these hooks
// before the describe's beforeAll (startSystem) and after its afterAll (the system stopped).
let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('indicators');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/**
 * I1 indicators on hand-made rows (issue 12, items 1–6). Every figure is worked out by hand from
 * the rows inserted here; the periods lie in 2031, where no other suite writes, and the capacity
 * lives at 福禄中心卫生院, which no other suite uses.
 */
describe('indicators on hand-computed data (e2e)', () => {
  let sys: System;
  let admin: Api; // rm.admin, community admin of 梁平区人民医院医联体
  let clinic: Api; // pj.doctor, 屏锦中心卫生院
  let coord: Api; // rm.coord
  const ids: Record<string, string> = {};
  const q = (from: string, to: string, extra = '') =>
    `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${extra}`;

  async function institution(name: string): Promise<{ id: string; community_id: string }> {
    const [row] = await sql<{ id: string; community_id: string }>(
      `SELECT id, community_id FROM referral.dir_institutions WHERE name = $1`,
      [name],
    );
    return row;
  }
  async function department(institutionId: string, code: string): Promise<string> {
    const [row] = await sql<{ id: string }>(
      `SELECT id FROM diagnosis.dir_departments WHERE institution_id = $1 AND code = $2`,
      [institutionId, code],
    );
    return row.id;
  }

  beforeAll(async () => {
    sys = await startSystem();
    [admin, clinic, coord] = (
      await Promise.all(['rm.admin', 'pj.doctor', 'rm.coord'].map((u) => login(sys.url, u)))
    ).map((t) => new Api(sys.url, t));
    // Both replicas must know the directory (and the district) before rows refer to it.
    await eventually('replicas with districts', async () => {
      const [r] = await sql<{ n: number }>(
        `SELECT (SELECT count(*) FROM referral.dir_communities WHERE district_id IS NOT NULL)
              + (SELECT count(*) FROM diagnosis.dir_communities WHERE district_id IS NOT NULL)
              + (SELECT count(*) FROM diagnosis.dir_departments WHERE code = 'IMG') AS n`,
      );
      return Number(r.n) === 6;
    });
    for (const [key, name] of Object.entries({
      lead: '梁平区人民医院',
      fulu: '福禄中心卫生院',
      pingjin: '屏锦中心卫生院',
      village: '屏锦镇演示村卫生室',
      zyLead: '梁平区中医医院',
      baijia: '柏家中心卫生院',
    })) {
      const i = await institution(name);
      ids[key] = i.id;
      ids[`${key}Community`] = i.community_id;
    }
  });
  afterAll(async () => sys?.stop());

  describe('referrals (seed 001 五(三), seed 002 四(三), seed 004 四(八)4)', () => {
    const from = '2031-03-01T00:00:00+08:00';
    const to = '2031-03-03T00:00:00+08:00';

    beforeAll(async () => {
      const { fulu, lead, pingjin, fuluCommunity: c } = ids;
      const [gp] = await sql<{ id: string }>(
        `SELECT id FROM referral.dir_departments WHERE institution_id = $1 AND code = 'GP'`,
        [fulu],
      );
      const [ward] = await sql<{ id: string }>(
        `SELECT id FROM referral.dir_departments WHERE institution_id = $1 AND code = 'W-GEN'`,
        [fulu],
      );
      // Slots of 全科医学科: 03-01 1 REFERRAL of 3 (1/3, compliant); 03-02 1 of 4 (0.25, not).
      for (const [day, pool, capacity] of [
        ['2031-03-01', 'REFERRAL', 1],
        ['2031-03-01', 'GENERAL', 2],
        ['2031-03-02', 'REFERRAL', 1],
        ['2031-03-02', 'GENERAL', 3],
      ] as const)
        await sql(
          `INSERT INTO referral.slots (id, community_id, institution_id, department_id, starts_at, ends_at, local_date, pool, capacity)
           VALUES ($1, $2, $3, $4, ($5 || 'T09:00:00+08:00')::timestamptz, ($5 || 'T09:30:00+08:00')::timestamptz, $5::date, $6, $7)`,
          [randomUUID(), c, fulu, gp.id, day, pool, capacity],
        );
      // Beds of 住院部: B1 REFERRAL + B2–B4 GENERAL from February (1/4 on both days, compliant);
      // B5 GENERAL from 03-02 10:00 (03-02: 1/5 = 0.2, not); B6 REFERRAL but CLOSED (never counts).
      const bed = async (n: string, pool: string, createdAt: string, status = 'AVAILABLE') => {
        const id = randomUUID();
        await sql(
          `INSERT INTO referral.beds (id, community_id, institution_id, department_id, number, pool, status, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, c, fulu, ward.id, `IND-${n}`, pool, status, createdAt],
        );
        return id;
      };
      const feb = '2031-02-01T08:00:00+08:00';
      const b1 = await bed('B1', 'REFERRAL', feb);
      const b2 = await bed('B2', 'GENERAL', feb);
      await bed('B3', 'GENERAL', feb);
      await bed('B4', 'GENERAL', feb);
      await bed('B5', 'GENERAL', '2031-03-02T10:00:00+08:00');
      await bed('B6', 'REFERRAL', feb, 'CLOSED');

      const referral = async (
        n: number,
        r: {
          dir: 'UP' | 'DOWN';
          status: string;
          fromI: string;
          toI: string;
          submitted: string;
          acceptedAfterMin?: number;
          signed?: boolean;
          bed?: string;
          redirectedTo?: string;
        },
      ) => {
        const id = randomUUID();
        ids[`ref${n}`] = id;
        await sql(
          `INSERT INTO referral.referrals (id, community_id, direction, status, from_institution_id, to_institution_id,
             patient_id, family_doctor_signed, diagnoses, reason, urgency, created_by, created_by_name,
             submitted_at, accepted_at, respond_by, redirected_to_referral_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '{I20.0}', '指标测试', 'ROUTINE', $7, '测试',
             $9::timestamptz, $9::timestamptz + make_interval(mins => $10::int), $9::timestamptz + interval '1 day', $11)`,
          [
            id,
            c,
            r.dir,
            r.status,
            r.fromI,
            r.toI,
            randomUUID(),
            r.signed ?? false,
            r.submitted,
            r.acceptedAfterMin ?? null,
            r.redirectedTo ?? null,
          ],
        );
        if (r.bed)
          await sql(
            `INSERT INTO referral.reservations (id, referral_id, kind, bed_id, status) VALUES ($1, $2, 'BED', $3, 'CONSUMED')`,
            [randomUUID(), id, r.bed],
          );
      };
      const at = (hh: string) => `2031-03-01T${hh}:00:00+08:00`;
      const up = { dir: 'UP' as const, fromI: fulu, toI: lead };
      await referral(1, { ...up, status: 'ACCEPTED', submitted: at('09'), acceptedAfterMin: 30 });
      await referral(2, {
        ...up,
        status: 'COMPLETED',
        submitted: at('10'),
        acceptedAfterMin: 10,
        signed: true,
        bed: b1,
      });
      await referral(4, {
        ...up,
        status: 'ARRIVED',
        submitted: at('12'),
        acceptedAfterMin: 20,
        bed: b2,
      });
      // #3 was sent to 屏锦 and redirected to #4: one transfer, counted once (as #4).
      await referral(3, {
        ...up,
        toI: pingjin,
        status: 'REDIRECTED',
        submitted: at('11'),
        redirectedTo: ids.ref4,
      });
      await referral(5, { ...up, status: 'REJECTED', submitted: at('13') });
      await referral(6, { ...up, status: 'CANCELLED', submitted: at('14') });
      await referral(7, { ...up, status: 'EXPIRED', submitted: at('15') });
      await referral(8, { ...up, status: 'NO_SHOW', submitted: at('16'), acceptedAfterMin: 40 });
      const down = { dir: 'DOWN' as const, fromI: lead, toI: fulu };
      await referral(9, {
        ...down,
        status: 'COMPLETED',
        submitted: at('17'),
        acceptedAfterMin: 50,
      });
      await referral(10, { ...down, status: 'SUBMITTED', submitted: at('18') });
      // Submitted exactly at `to`: outside the half-open period.
      await referral(11, { ...up, status: 'ACCEPTED', submitted: to, acceptedAfterMin: 5 });
    });

    it('counts each accepted, not called-off referral once (item 3)', async () => {
      const res = await admin.get(
        `/api/v1/referrals/indicators?${q(from, to, `&institutionId=${ids.fulu}`)}`,
      );
      expect(res.status).toBe(200);
      const b = res.body;
      // UP counted: #1 ACCEPTED, #2 COMPLETED, #4 ARRIVED = 3 (#3 REDIRECTED lives on as #4).
      // DOWN counted: #9 COMPLETED = 1. Ratio 3 / 1 = 3. (The old count: 8 up, 2 down.)
      expect([b.upCount, b.downCount, b.upDownRatio]).toEqual([3, 1, 3]);
      expect(b.countedStatuses).toEqual(['ACCEPTED', 'ARRIVED', 'COMPLETED']);
      expect(b.notCounted).toEqual({
        CANCELLED: 1,
        EXPIRED: 1,
        NO_SHOW: 1,
        REDIRECTED: 1,
        REJECTED: 1,
        SUBMITTED: 1,
      });
      // Acceptance minutes of #2, #4, #1, #8, #9 = 10, 20, 30, 40, 50: p50 = 30;
      // p90 at rank 0.9 × 4 = 3.6 → 40 + 0.6 × 10 = 46; p99 at 3.96 → 40 + 0.96 × 10 = 49.6.
      expect(b.acceptanceMinutes).toEqual({ p50: 30, p90: 46, p99: 49.6 });
      // No-shows over due (ARRIVED, COMPLETED, NO_SHOW: #2, #4, #8, #9): 1 / 4.
      expect(b.noShowRate).toBe(0.25);
    });

    it('reports slots (1/3) and beds (1/4) per department/ward and day (item 4)', async () => {
      const res = await admin.get(
        `/api/v1/referrals/indicators?${q(from, to, `&institutionId=${ids.fulu}`)}`,
      );
      // Slots: 03-01 1/3 ✓, 03-02 1/4 ✗ → 1 of 2. Beds: 03-01 1/4 ✓, 03-02 1/5 ✗ → 1 of 2.
      expect(res.body.reservedShareCompliance).toEqual({
        slots: { required: expect.closeTo(1 / 3, 3), compliantDays: 1, totalDays: 2, rate: 0.5 },
        beds: { required: 0.25, compliantDays: 1, totalDays: 2, rate: 0.5 },
      });
      const rows = (
        await coord.get(
          `/api/v1/capacity/compliance?institutionId=${ids.fulu}&fromDate=2031-03-01&toDate=2031-03-02`,
        )
      ).body.rows;
      expect(
        rows.map(
          (r: {
            kind: string;
            date: string;
            referral: number;
            total: number;
            compliant: boolean;
          }) => [r.kind, r.date, r.referral, r.total, r.compliant],
        ),
      ).toEqual([
        ['SLOTS', '2031-03-01', 1, 3, true],
        ['SLOTS', '2031-03-02', 1, 4, false],
        ['BEDS', '2031-03-01', 1, 4, true],
        ['BEDS', '2031-03-02', 1, 5, false],
      ]);
      const tooLong = await coord.get(
        `/api/v1/capacity/compliance?institutionId=${ids.fulu}&fromDate=2031-01-01&toDate=2033-01-01`,
      );
      expect(tooLong.status).toBe(400);
    });

    it('gives the numerator of seed 002 家庭医生对签约居民住院服务的转介率 (item 6)', async () => {
      const res = await admin.get(
        `/api/v1/referrals/indicators?${q(from, to, `&institutionId=${ids.fulu}`)}`,
      );
      // Counted UP referrals for a bed: #2 (签约) and #4 → 1 signed of 2 = 0.5.
      expect(res.body.familyDoctorInpatientReferrals).toEqual({
        signedResidentsReferred: 1,
        inpatientReferrals: 2,
        share: 0.5,
      });
    });

    it('answers a bad period with a 400 naming the field', async () => {
      const backwards = await admin.get(`/api/v1/referrals/indicators?${q(to, from)}`);
      expect(backwards.status).toBe(400);
      expect(backwards.body.errors[0].path).toBe('to');
      const tooLong = await admin.get(
        `/api/v1/referrals/indicators?${q(from, '2033-03-01T00:00:00+08:00')}`,
      );
      expect(tooLong.status).toBe(400);
    });
  });

  describe('remote diagnosis (seed 004 附件1 6, 附件2 5(1))', () => {
    const from = '2031-04-01T00:00:00+08:00';
    const to = '2031-04-02T00:00:00+08:00';
    const patientA = randomUUID();

    beforeAll(async () => {
      const {
        lead,
        pingjin,
        village,
        fulu,
        zyLead,
        baijia,
        leadCommunity: rm,
        zyLeadCommunity: zy,
      } = ids;
      const [img, ecg, zyImg] = [
        await department(lead, 'IMG'),
        await department(lead, 'ECG'),
        await department(zyLead, 'IMG'),
      ];
      // A reading center at a township (same level as another township): a remote reading that
      // is not 上级. Written into the replica as the directory event would.
      const pjCenter = randomUUID();
      await sql(
        `INSERT INTO diagnosis.dir_departments (id, institution_id, code, name, kind) VALUES ($1, $2, 'IND-RC', '指标测试阅片点', 'IMAGING_CENTER')`,
        [pjCenter, pingjin],
      );
      let n = 0;
      const study = async (s: {
        community?: string;
        src: string;
        center: string;
        patient: string | null;
        priority: 'STAT' | 'URGENT' | 'ROUTINE';
        minutes: number;
        requested?: string;
        bumpTo?: 'URGENT';
      }) => {
        const id = randomUUID();
        const requested = s.requested ?? '2031-04-01T08:00:00+08:00';
        // Requested at `priority`; the trigger records it as requested_priority.
        await sql(
          `INSERT INTO diagnosis.studies (id, community_id, institution_id, patient_id, study_instance_uid, modality, status,
             center_id, priority, requested_at, due_at, finalized_at)
           VALUES ($1, $2, $3, $4, $5, 'CT', 'FINAL', $6, $7, $8::timestamptz, $8::timestamptz + interval '2 days',
             $8::timestamptz + make_interval(mins => $9::int))`,
          [
            id,
            s.community ?? rm,
            s.src,
            s.patient,
            `2.25.${Date.now()}${++n}`,
            s.center,
            s.priority,
            requested,
            s.minutes,
          ],
        );
        // As the sweep does on a breach: bump priority, stamp escalated_at, a new due time.
        if (s.bumpTo)
          await sql(
            `UPDATE diagnosis.studies SET priority = $2, escalated_at = requested_at + interval '1 day',
               due_at = requested_at + interval '1 day 2 hours' WHERE id = $1`,
            [id, s.bumpTo],
          );
      };
      await study({
        src: pingjin,
        center: img,
        patient: patientA,
        priority: 'ROUTINE',
        minutes: 60,
      }); // S1
      await study({
        src: pingjin,
        center: ecg,
        patient: patientA,
        priority: 'URGENT',
        minutes: 30,
      }); // S2
      await study({
        src: village,
        center: img,
        patient: randomUUID(),
        priority: 'ROUTINE',
        minutes: 1500,
        bumpTo: 'URGENT',
        requested: '2031-03-31T08:00:00+08:00', // + 1500 min = 04-01 09:00, in the period
      }); // S3
      await study({ src: fulu, center: img, patient: null, priority: 'STAT', minutes: 20 }); // S4
      await study({ src: fulu, center: img, patient: null, priority: 'ROUTINE', minutes: 120 }); // S5
      await study({
        src: fulu,
        center: pjCenter,
        patient: randomUUID(),
        priority: 'ROUTINE',
        minutes: 240,
      }); // S6
      await study({
        src: lead,
        center: img,
        patient: randomUUID(),
        priority: 'URGENT',
        minutes: 50,
      }); // S7
      // S8: finalized exactly at `to`, outside the period.
      await study({
        src: pingjin,
        center: img,
        patient: randomUUID(),
        priority: 'ROUTINE',
        minutes: 60,
        requested: '2031-04-01T23:00:00+08:00',
      });
      // The other 医联体 of 梁平区: S9 remote, S10 read in its own hospital.
      await study({
        community: zy,
        src: baijia,
        center: zyImg,
        patient: randomUUID(),
        priority: 'ROUTINE',
        minutes: 100,
      });
      await study({
        community: zy,
        src: zyLead,
        center: zyImg,
        patient: randomUUID(),
        priority: 'ROUTINE',
        minutes: 100,
      });
    });

    it('counts 人次 per 10,000 residents for the community and the district (item 1)', async () => {
      const res = await admin.get(`/api/v1/studies/indicators?${q(from, to)}`);
      expect(res.status).toBe(200);
      // Remote 人次 in 梁平区人民医院医联体: S1–S6 = 6 (S7 read at home, S8 outside the period).
      // 6 × 10000 / 330000 = 0.1818… → 0.18.
      expect([
        res.body.remoteDiagnoses,
        res.body.population,
        res.body.remoteDiagnosesPer10kResidents,
      ]).toEqual([6, 330000, 0.18]);
      // 梁平区 (both 医联体, 常住人口 650000): S1–S6 + S9 = 7; 7 × 10000 / 650000 = 0.1077 → 0.11.
      expect(res.body.district).toMatchObject({
        code: '500155',
        remoteDiagnoses: 7,
        population: 650000,
        per10kResidents: 0.11,
      });
      // Filtered to 福禄: numerator S4, S5, S6 = 3; no population of its own, so no rate.
      const fulu = await admin.get(
        `/api/v1/studies/indicators?${q(from, to, `&institutionId=${ids.fulu}`)}`,
      );
      expect([
        fulu.body.remoteDiagnoses,
        fulu.body.population,
        fulu.body.remoteDiagnosesPer10kResidents,
      ]).toEqual([3, null, null]);
      // Not an admin: no district figure; 屏锦 (S1, S2, and S6 read at its center) = 3.
      const own = await clinic.get(`/api/v1/studies/indicators?${q(from, to)}`);
      expect([own.body.remoteDiagnoses, own.body.district]).toEqual([3, null]);
    });

    it('counts distinct patients examined at 基层 and read at 上级, with the seed bands (item 2)', async () => {
      const res = await admin.get(`/api/v1/studies/indicators?${q(from, to)}`);
      // Qualifying: S1, S2 (patient A twice), S3 (village → lead), S4, S5 (no patient).
      // S6 is read at a township (level 2 = 2: not 上级). Patients: A, S3's = 2; apart: 2.
      expect(res.body.primaryExamUpperDiagnosis).toEqual({
        patients: 2,
        studiesWithoutPatient: 2,
        targets: [
          { year: 2024, kind: 'RECORDED', minPatients: 10000 },
          { year: 2025, kind: 'TARGET', minPatients: 15000 },
          { year: 2027, kind: 'TARGET', minPatients: 20000 },
        ],
      });
      expect(res.body.primaryExamUpperDiagnosisPatients).toBe(2);
    });

    it('groups turnaround by the priority requested and shows bumps apart (item 5)', async () => {
      const t = (await admin.get(`/api/v1/studies/indicators?${q(from, to)}`)).body;
      // ROUTINE requested: S1 60, S5 120, S6 240, S3 1500 (bumped to URGENT by a breach).
      // p50 = (120 + 240) / 2 = 180; p90 at 0.9 × 3 = 2.7 → 240 + 0.7 × 1260 = 1122;
      // p99 at 2.97 → 240 + 0.97 × 1260 = 1462.2.
      expect(t.turnaroundMinutes.ROUTINE).toEqual({
        count: 4,
        breached: 1,
        bumped: 1,
        p50: 180,
        p90: 1122,
        p99: 1462.2,
      });
      // URGENT requested: S2 30, S7 50 → p50 40, p90 30 + 0.9 × 20 = 48, p99 49.8.
      expect(t.turnaroundMinutes.URGENT).toEqual({
        count: 2,
        breached: 0,
        bumped: 0,
        p50: 40,
        p90: 48,
        p99: 49.8,
      });
      expect(t.turnaroundMinutes.STAT).toEqual({
        count: 1,
        breached: 0,
        bumped: 0,
        p50: 20,
        p90: 20,
        p99: 20,
      });
      expect(t.priorityBumps).toEqual([{ from: 'ROUTINE', to: 'URGENT', count: 1 }]);
    });
  });
});

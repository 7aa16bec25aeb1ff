import { Api, eventually, sql } from '../support/api';
import { login, startSystem, System } from '../support/system';
import { isolatedRun } from '../support/isolated-run';
import { localDay } from '../security/fixtures';
import { schedule, slotOn } from '../support/capacity';

// A database, NATS prefix and Redis prefix of this file's own: its fixed resident IDs and
// counts cannot meet another file's, whatever order the files run in. Jest runs these hooks
// before the describe's beforeAll (startSystem) and after its afterAll (the system stopped).
let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('referrals');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/** Issue 3 through the gateway: capacity, quotas, the referral lifecycle, holds, green channel, closed loop. */
describe('two-way referral (e2e)', () => {
  let sys: System;
  let pjCoord: Api; // 屏锦中心卫生院: sends up-referrals
  let pjDoctor: Api;
  let rmCoord: Api; // 梁平区人民医院: receives them
  let rmAdmin: Api;
  let zyCoord: Api; // the other 医联体
  let lead: string;
  let pingjin: string;
  let fulu: string;
  let cardiology: string;
  let ward: string;
  let surgeryWard: string;
  let patientId: string;

  const newReferral = (over: object = {}) => ({
    direction: 'UP',
    toInstitutionId: lead,
    patientId,
    diagnoses: ['I20.0'],
    reason: '不稳定型心绞痛，需上级医院评估',
    urgency: 'URGENT',
    ...over,
  });
  const slotsOf = async (day: string) =>
    (
      await rmCoord.get(
        `/api/v1/capacity/slots?institutionId=${lead}&departmentId=${cardiology}&from=${day}T00:00:00%2B08:00&to=${day}T23:59:59%2B08:00&onlyFree=false`,
      )
    ).body.items;

  beforeAll(async () => {
    sys = await startSystem({}, { SWEEP_INTERVAL_MS: '400' });
    const [a, b, c, d, e] = await Promise.all(
      ['pj.coord', 'pj.doctor', 'rm.coord', 'rm.admin', 'zy.coord'].map((u) => login(sys.url, u)),
    );
    [pjCoord, pjDoctor, rmCoord, rmAdmin, zyCoord] = [a, b, c, d, e].map(
      (t) => new Api(sys.url, t),
    );
    const institutions = (await pjCoord.get('/api/v1/institutions')).body;
    lead = institutions.find((i: { type: string }) => i.type === 'LEAD_HOSPITAL').id;
    pingjin = institutions.find((i: { name: string }) => i.name === '屏锦中心卫生院').id;
    fulu = institutions.find((i: { name: string }) => i.name === '福禄中心卫生院').id;
    const departments = (await rmCoord.get(`/api/v1/institutions/${lead}/departments`)).body;
    cardiology = departments.find((d: { code: string }) => d.code === 'CARD').id;
    ward = departments.find((d: { code: string }) => d.code === 'W-IM').id;
    surgeryWard = departments.find((d: { code: string }) => d.code === 'W-SU').id;
    patientId = (
      await pjDoctor.post('/api/v1/patients', {
        residentId: '500228198506151239',
        name: '刘一',
        familyDoctorSigned: true,
      })
    ).body.id;
    // The referral service learns the directory from the gateway's events; wait for its replica.
    await eventually(
      'directory replica',
      async () => (await rmAdmin.get('/api/v1/referral-catalog')).body.UP?.length > 0,
    );
  });
  afterAll(async () => sys?.stop());

  describe('capacity and quotas (R3, R4)', () => {
    it('publishes a schedule that meets the 1/3 REFERRAL share and generates slots', async () => {
      const res = await rmCoord.post(
        '/api/v1/capacity/schedules',
        schedule(cardiology, localDay(3), localDay(4), { doctorName: '王医生' }),
      );
      expect(res.status).toBe(201);
      expect(res.body.slots).toBe(16); // 2 days × 4 windows × 2 pools
      const slots = await slotsOf(localDay(3));
      expect(slots).toHaveLength(8);
      expect(slots[0]).toMatchObject({ doctorName: '王医生', free: expect.any(Number) });
    });

    it('refuses a schedule below the quota and stores nothing', async () => {
      const before = await sql<{ n: number }>(`SELECT count(*)::int n FROM referral.slots`);
      const res = await rmCoord.post(
        '/api/v1/capacity/schedules',
        schedule(cardiology, localDay(5), localDay(5), {
          sessions: [{ start: '14:00', end: '15:00' }],
          generalCapacityPerSlot: 3,
        }),
      );
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('QUOTA_VIOLATION');
      expect(res.body.detail).toContain('25.0%');
      expect(res.body.detail).toContain('33.3%');
      expect(await sql(`SELECT count(*)::int n FROM referral.slots`)).toEqual(before);
    });

    it('publishes beds at 1/4 REFERRAL and refuses 1/5', async () => {
      const ok = await rmCoord.post('/api/v1/capacity/beds', {
        departmentId: ward,
        beds: ['01', '02', '03', '04', '05', '06', '07', '08'].map((n, i) => ({
          number: n,
          pool: i < 2 ? 'REFERRAL' : 'GENERAL',
        })),
      });
      expect(ok.status).toBe(201);
      expect(ok.body.beds).toHaveLength(8);
      const low = await rmCoord.post('/api/v1/capacity/beds', {
        departmentId: surgeryWard,
        beds: ['1', '2', '3', '4', '5'].map((n, i) => ({
          number: n,
          pool: i < 1 ? 'REFERRAL' : 'GENERAL',
        })),
      });
      expect(low.status).toBe(422);
      expect(low.body.code).toBe('QUOTA_VIOLATION');
    });

    it.each([
      [
        'negative capacity',
        {
          slots: [
            {
              startsAt: '2030-01-01T08:00:00+08:00',
              endsAt: '2030-01-01T08:30:00+08:00',
              capacity: -1,
              pool: 'REFERRAL',
            },
          ],
        },
        400,
      ],
      [
        'a past slot',
        {
          slots: [
            {
              startsAt: '2020-01-01T08:00:00+08:00',
              endsAt: '2020-01-01T08:30:00+08:00',
              capacity: 1,
              pool: 'REFERRAL',
            },
          ],
        },
        400,
      ],
      [
        'end before start',
        {
          slots: [
            {
              startsAt: '2030-01-01T08:30:00+08:00',
              endsAt: '2030-01-01T08:00:00+08:00',
              capacity: 1,
              pool: 'REFERRAL',
            },
          ],
        },
        400,
      ],
      [
        'an unknown pool',
        {
          slots: [
            {
              startsAt: '2030-01-01T08:00:00+08:00',
              endsAt: '2030-01-01T08:30:00+08:00',
              capacity: 1,
              pool: 'VIP',
            },
          ],
        },
        400,
      ],
    ])('refuses %s', async (_why, body, status) => {
      const res = await rmCoord.post('/api/v1/capacity/slots', {
        departmentId: cardiology,
        ...body,
      });
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    });

    it("refuses to publish into another institution's department", async () => {
      const res = await pjCoord.post('/api/v1/capacity/slots', {
        departmentId: cardiology,
        slots: [
          {
            startsAt: '2030-01-01T08:00:00+08:00',
            endsAt: '2030-01-01T08:30:00+08:00',
            capacity: 1,
            pool: 'REFERRAL',
          },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('departmentId');
    });

    it('lists family-doctor patients the REFERRAL pool first (R9)', async () => {
      const day = localDay(3);
      const q = `institutionId=${lead}&departmentId=${cardiology}&from=${day}T08:00:00%2B08:00&to=${day}T08:29:00%2B08:00`;
      const signed = (await pjCoord.get(`/api/v1/capacity/slots?${q}&patientId=${patientId}`)).body
        .items;
      // The flag is the patient record's: a caller cannot claim it for an unnamed patient.
      const unsigned = (await pjCoord.get(`/api/v1/capacity/slots?${q}&familyDoctorSigned=true`))
        .body.items;
      expect(signed.map((s: { pool: string }) => s.pool)).toEqual(['REFERRAL', 'GENERAL']);
      expect(unsigned.map((s: { pool: string }) => s.pool)).toEqual(['GENERAL', 'REFERRAL']);
    });
  });

  describe('referral lifecycle (R1, R5, R6)', () => {
    let referralId: string;
    let slotId: string;

    it('submits an up-referral holding a REFERRAL slot', async () => {
      slotId = (await slotsOf(localDay(3))).find((s: { pool: string }) => s.pool === 'REFERRAL').id;
      const res = await pjCoord.post(
        '/api/v1/referrals',
        newReferral({
          hold: { kind: 'SLOT', slotId },
          attachments: [{ type: 'STUDY', id: 'study-123' }],
        }),
      );
      expect(res.status).toBe(201);
      referralId = res.body.id;
      expect(res.body).toMatchObject({
        status: 'SUBMITTED',
        fhirTaskStatus: 'requested',
        familyDoctorSigned: true,
        outOfCatalog: false,
        reservation: { kind: 'SLOT', slotId, status: 'HELD' },
        attachments: [{ type: 'STUDY', id: 'study-123' }],
      });
      const [slot] = await sql(`SELECT held, booked FROM referral.slots WHERE id = $1`, [slotId]);
      expect(slot).toEqual({ held: 1, booked: 0 });
    });

    it('refuses transitions by the wrong party (403) and from the wrong status (409)', async () => {
      expect((await pjCoord.post(`/api/v1/referrals/${referralId}/accept`)).status).toBe(403);
      expect(
        (await rmCoord.post(`/api/v1/referrals/${referralId}/cancel`, { reason: 'x' })).status,
      ).toBe(403);
      const early = await rmCoord.post(`/api/v1/referrals/${referralId}/complete`, {
        summary: '...',
      });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('INVALID_TRANSITION');
      expect((await rmCoord.post(`/api/v1/referrals/${referralId}/check-in`)).status).toBe(409);
      expect((await zyCoord.get(`/api/v1/referrals/${referralId}`)).status).toBe(404);
      expect((await zyCoord.post(`/api/v1/referrals/${referralId}/accept`)).status).toBe(404);
    });

    it('accepts (booking the slot), checks in and completes with a summary', async () => {
      const accepted = await rmCoord.post(`/api/v1/referrals/${referralId}/accept`, {
        reason: '已安排心内科门诊',
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({
        status: 'ACCEPTED',
        fhirTaskStatus: 'accepted',
        reservation: { status: 'BOOKED' },
      });
      expect(await sql(`SELECT held, booked FROM referral.slots WHERE id = $1`, [slotId])).toEqual([
        { held: 0, booked: 1 },
      ]);
      expect((await rmCoord.post(`/api/v1/referrals/${referralId}/accept`)).status).toBe(409);
      expect((await rmCoord.post(`/api/v1/referrals/${referralId}/check-in`)).body.status).toBe(
        'ARRIVED',
      );
      const done = await rmCoord.post(`/api/v1/referrals/${referralId}/complete`, {
        summary: '冠脉造影未见严重狭窄，建议回基层随访',
      });
      expect(done.body).toMatchObject({
        status: 'COMPLETED',
        fhirTaskStatus: 'completed',
        completionSummary: expect.stringContaining('冠脉造影'),
      });
      expect(done.body.transitions.map((t: { toStatus: string }) => t.toStatus)).toEqual([
        'SUBMITTED',
        'ACCEPTED',
        'ARRIVED',
        'COMPLETED',
      ]);
      expect(done.body.transitions[1]).toMatchObject({
        actorName: '区人民医院 转诊专员',
        reason: '已安排心内科门诊',
      });
      // The sender sees the summary: the loop is closed.
      expect(
        (await pjCoord.get(`/api/v1/referrals/${referralId}`)).body.completionSummary,
      ).toContain('冠脉造影');
    });

    it('published one durable event per transition', async () => {
      const events = await eventually('relayed events', async () => {
        const rows = await sql<{ type: string }>(
          `SELECT type FROM referral.outbox WHERE aggregate_id = $1 AND published_at IS NOT NULL AND type LIKE 'referral.%' ORDER BY seq`,
          [referralId],
        );
        return rows.length >= 4 && rows;
      });
      expect(events.map((e) => e.type)).toEqual([
        'referral.submitted',
        'referral.accepted',
        'referral.arrived',
        'referral.completed',
      ]);
    });

    it('continues a completed up-referral as a down-referral to the origin, with a follow-up (R8)', async () => {
      const bad = await rmCoord.post(
        '/api/v1/referrals',
        newReferral({
          direction: 'DOWN',
          toInstitutionId: fulu,
          diagnoses: ['I20.0'],
          continuesReferralId: referralId,
        }),
      );
      expect(bad.status).toBe(409);
      const down = await rmCoord.post(
        '/api/v1/referrals',
        newReferral({
          direction: 'DOWN',
          toInstitutionId: pingjin,
          diagnoses: ['I25.1'],
          reason: '稳定期回基层管理',
          continuesReferralId: referralId,
        }),
      );
      expect(down.status).toBe(201);
      expect(down.body).toMatchObject({
        direction: 'DOWN',
        continuesReferralId: referralId,
        status: 'SUBMITTED',
      });
      const accepted = await pjCoord.post(`/api/v1/referrals/${down.body.id}/accept`);
      expect(accepted.body.followUp).toMatchObject({ status: 'SCHEDULED' });
      const due = new Date(accepted.body.followUp.dueAt).getTime() - Date.now();
      expect(due / 86_400_000).toBeCloseTo(7, 1);
      const list = (await pjCoord.get('/api/v1/follow-ups?status=SCHEDULED')).body.items;
      const followUp = list.find((f: { referralId: string }) => f.referralId === down.body.id);
      const recorded = await rmCoord.post(`/api/v1/follow-ups/${followUp.id}/record`, {
        outcome: 'STABLE',
        notes: '血压控制良好',
      });
      expect(recorded.body).toMatchObject({
        status: 'DONE',
        outcome: 'STABLE',
        recordedByName: '区人民医院 转诊专员',
      });
      expect(
        (await pjCoord.post(`/api/v1/follow-ups/${followUp.id}/record`, { outcome: 'STABLE' }))
          .status,
      ).toBe(409);
    });

    it('releases the hold on reject, and the booking on cancel and on no-show', async () => {
      const [free] = (await slotsOf(localDay(4))).filter(
        (s: { pool: string }) => s.pool === 'GENERAL',
      );
      const count = async () =>
        (
          await sql<{ held: number; booked: number }>(
            `SELECT held, booked FROM referral.slots WHERE id = $1`,
            [free.id],
          )
        )[0];
      const r1 = (
        await pjCoord.post(
          '/api/v1/referrals',
          newReferral({ hold: { kind: 'SLOT', slotId: free.id } }),
        )
      ).body;
      expect(await count()).toEqual({ held: 1, booked: 0 });
      expect(
        (await rmCoord.post(`/api/v1/referrals/${r1.id}/reject`, { reason: '建议先完善检查' })).body
          .reservation,
      ).toMatchObject({ status: 'RELEASED', releaseReason: 'rejected' });
      expect(await count()).toEqual({ held: 0, booked: 0 });
      const r2 = (
        await pjCoord.post(
          '/api/v1/referrals',
          newReferral({ hold: { kind: 'SLOT', slotId: free.id } }),
        )
      ).body;
      await rmCoord.post(`/api/v1/referrals/${r2.id}/accept`);
      expect(await count()).toEqual({ held: 0, booked: 1 });
      expect(
        (await pjCoord.post(`/api/v1/referrals/${r2.id}/cancel`, { reason: '患者改变主意' })).body
          .status,
      ).toBe('CANCELLED');
      expect(await count()).toEqual({ held: 0, booked: 0 });
      const r3 = (
        await pjCoord.post(
          '/api/v1/referrals',
          newReferral({ hold: { kind: 'SLOT', slotId: free.id } }),
        )
      ).body;
      await rmCoord.post(`/api/v1/referrals/${r3.id}/accept`);
      expect((await rmCoord.post(`/api/v1/referrals/${r3.id}/no-show`)).body).toMatchObject({
        status: 'NO_SHOW',
        fhirTaskStatus: 'failed',
      });
      expect(await count()).toEqual({ held: 0, booked: 0 });
    });

    it('redirects to a third institution: a new referral is submitted there', async () => {
      // The lead hospital sends a stable patient down; 屏锦 passes it on to 福禄, still below
      // the sender as a down-referral must be.
      const r = (
        await rmCoord.post(
          '/api/v1/referrals',
          newReferral({
            direction: 'DOWN',
            toInstitutionId: pingjin,
            diagnoses: ['I10'],
            reason: '高血压稳定期，回基层管理',
          }),
        )
      ).body;
      const res = await pjCoord.post(`/api/v1/referrals/${r.id}/redirect`, {
        reason: '患者居住地属福禄镇，由福禄中心卫生院接诊',
        toInstitutionId: fulu,
      });
      expect(res.body).toMatchObject({
        status: 'REDIRECTED',
        fhirTaskStatus: 'rejected',
        redirectedToReferralId: expect.any(String),
      });
      const copy = (await rmCoord.get(`/api/v1/referrals/${res.body.redirectedToReferralId}`)).body;
      expect(copy).toMatchObject({
        status: 'SUBMITTED',
        direction: 'DOWN',
        toInstitutionId: fulu,
        fromInstitutionId: lead,
        patientId,
      });
    });

    it('keeps the direction on a redirect: an up-referral never goes to the sender’s level or below', async () => {
      const r = (await pjCoord.post('/api/v1/referrals', newReferral())).body;
      const res = await rmCoord.post(`/api/v1/referrals/${r.id}/redirect`, {
        reason: '转福禄',
        toInstitutionId: fulu,
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { path: 'toInstitutionId', message: 'wrong level for the direction' },
      ]);
      expect((await rmCoord.get(`/api/v1/referrals/${r.id}`)).body.status).toBe('SUBMITTED');
      await pjCoord.post(`/api/v1/referrals/${r.id}/cancel`, { reason: 'test' });
    });

    it('never holds two slots or beds for the same referral', async () => {
      const slots = (await slotsOf(localDay(4))).filter((s: { free: number }) => s.free > 0);
      const r = (
        await pjCoord.post(
          '/api/v1/referrals',
          newReferral({ hold: { kind: 'SLOT', slotId: slots[0].id } }),
        )
      ).body;
      const second = await pjCoord.post(`/api/v1/referrals/${r.id}/hold`, {
        kind: 'SLOT',
        slotId: slots[1].id,
      });
      expect(second.status).toBe(409);
      await pjCoord.post(`/api/v1/referrals/${r.id}/cancel`, { reason: 'test' });
    });
  });

  describe('every forbidden transition (R6)', () => {
    const receiverActions = ['accept', 'reject', 'redirect', 'check-in', 'no-show', 'complete'];
    const body = {
      reason: '测试',
      summary: '测试',
      toInstitutionId: '00000000-0000-4000-8000-000000000000',
    };

    it('refuses every receiver action to the sender, and the sender actions to the receiver (403)', async () => {
      const r = (await pjCoord.post('/api/v1/referrals', newReferral())).body;
      for (const action of receiverActions) {
        const res = await pjCoord.post(`/api/v1/referrals/${r.id}/${action}`, body);
        expect([action, res.status, res.body.code]).toEqual([action, 403, 'FORBIDDEN']);
      }
      for (const action of ['cancel', 'hold']) {
        const res = await rmCoord.post(
          `/api/v1/referrals/${r.id}/${action}`,
          action === 'hold' ? { kind: 'SLOT', slotId: r.id } : body,
        );
        expect([action, res.status]).toEqual([action, 403]);
      }
      expect((await pjCoord.get(`/api/v1/referrals/${r.id}`)).body.status).toBe('SUBMITTED');
    });

    it('refuses every action on a closed referral (409) and leaves it closed', async () => {
      const r = (await pjCoord.post('/api/v1/referrals', newReferral())).body;
      await pjCoord.post(`/api/v1/referrals/${r.id}/cancel`, { reason: '不再需要' });
      for (const action of receiverActions) {
        const res = await rmCoord.post(`/api/v1/referrals/${r.id}/${action}`, body);
        expect([action, res.status]).toEqual([action, 409]);
      }
      expect((await pjCoord.post(`/api/v1/referrals/${r.id}/cancel`, body)).status).toBe(409);
      const after = (await pjCoord.get(`/api/v1/referrals/${r.id}`)).body;
      expect(after.status).toBe('CANCELLED');
      expect(after.transitions).toHaveLength(2);
    });

    it('refuses a community admin any transition (role) and another community any access (404)', async () => {
      const r = (await pjCoord.post('/api/v1/referrals', newReferral())).body;
      expect((await rmAdmin.post(`/api/v1/referrals/${r.id}/accept`)).status).toBe(403);
      expect((await rmAdmin.get(`/api/v1/referrals/${r.id}`)).status).toBe(200);
      expect((await zyCoord.post(`/api/v1/referrals/${r.id}/cancel`, body)).status).toBe(404);
    });
  });

  describe('catalog (R2) and bad input', () => {
    it('requires a justification outside the catalog, then flags the referral', async () => {
      const without = await pjCoord.post(
        '/api/v1/referrals',
        newReferral({ diagnoses: ['J06.9'] }),
      );
      expect(without.status).toBe(400);
      expect(without.body.detail).toContain('基层首诊');
      const withJ = await pjCoord.post(
        '/api/v1/referrals',
        newReferral({ diagnoses: ['J06.9'], justification: '反复高热，基层治疗无效' }),
      );
      expect(withJ.status).toBe(201);
      expect(withJ.body.outOfCatalog).toBe(true);
    });

    it.each([
      ['an unknown institution', { toInstitutionId: '00000000-0000-4000-8000-000000000000' }],
      ['an invalid ICD-10 code', { diagnoses: ['I2'] }],
      ['an oversized reason', { reason: '很'.repeat(2001) }],
      ['a down-referral sent upwards', { direction: 'DOWN' }],
      ['an unknown patient', { patientId: '00000000-0000-4000-8000-000000000000' }],
      ['no diagnosis', { diagnoses: [] }],
    ])('refuses %s with 400 and changes nothing', async (_why, over) => {
      const before = await sql(`SELECT count(*)::int n FROM referral.referrals`);
      const res = await pjCoord.post('/api/v1/referrals', newReferral(over));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        correlationId: expect.any(String),
      });
      expect(await sql(`SELECT count(*)::int n FROM referral.referrals`)).toEqual(before);
    });

    it("refuses a referral to another community's institution", async () => {
      const zyInstitutions = (await zyCoord.get('/api/v1/institutions')).body;
      const zyLead = zyInstitutions.find((i: { type: string }) => i.type === 'LEAD_HOSPITAL').id;
      const res = await pjCoord.post('/api/v1/referrals', newReferral({ toInstitutionId: zyLead }));
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('no such institution in your community');
    });
  });

  describe('green channel (R7)', () => {
    it('accepts a chest-pain referral on submission with an emergency bed and an immediate notice', async () => {
      const res = await pjDoctor.post(
        '/api/v1/referrals',
        newReferral({
          diagnoses: ['I21.0'],
          greenChannel: 'CHEST_PAIN',
          toDepartmentId: ward,
          reason: 'STEMI',
        }),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'ACCEPTED',
        urgency: 'EMERGENCY',
        reservation: { kind: 'BED', status: 'HELD', emergency: true },
      });
      expect(res.body.transitions[1]).toMatchObject({ toStatus: 'ACCEPTED', actorName: 'system' });
      const [bed] = await sql(`SELECT status, pool FROM referral.beds WHERE id = $1`, [
        res.body.reservation.bedId,
      ]);
      expect(bed).toEqual({ status: 'HELD', pool: 'REFERRAL' });
      const notice = await eventually('green channel notice', async () => {
        const rows = await sql<{ payload: { bedNumber: string } }>(
          `SELECT payload FROM referral.outbox WHERE aggregate_id = $1 AND type = 'referral.green_channel' AND published_at IS NOT NULL`,
          [res.body.id],
        );
        return rows[0];
      });
      expect(notice.payload.bedNumber).toMatch(/^0[12]$/);
      // Arrival occupies the bed.
      await rmCoord.post(`/api/v1/referrals/${res.body.id}/check-in`);
      expect(
        await sql(`SELECT status FROM referral.beds WHERE id = $1`, [res.body.reservation.bedId]),
      ).toEqual([{ status: 'OCCUPIED' }]);
    });
  });

  describe('time: hold expiry, slot release, escalation, expiry, overdue follow-ups', () => {
    it('expires a hold after the policy time and frees the slot', async () => {
      // The hold's own time, not "until the answer is due" (the default, issue 12 item 8).
      await rmAdmin.patch('/api/v1/referral-policy', {
        holdMinutes: 0.03,
        holdUntilResponseDue: false,
      });
      const [slot] = (await slotsOf(localDay(4))).filter(
        (s: { free: number; pool: string }) => s.free > 0 && s.pool === 'REFERRAL',
      );
      const r = (
        await pjCoord.post(
          '/api/v1/referrals',
          newReferral({ hold: { kind: 'SLOT', slotId: slot.id } }),
        )
      ).body;
      expect(r.reservation.status).toBe('HELD');
      const released = await eventually('hold expiry', async () => {
        const d = (await pjCoord.get(`/api/v1/referrals/${r.id}`)).body;
        return d.reservation.status === 'RELEASED' && d;
      });
      expect(released.reservation.releaseReason).toBe('expired');
      expect(await sql(`SELECT held FROM referral.slots WHERE id = $1`, [slot.id])).toEqual([
        { held: 0 },
      ]);
      await rmAdmin.patch('/api/v1/referral-policy', {
        holdMinutes: 15,
        holdUntilResponseDue: true,
      });
    });

    it('escalates an unanswered referral, then expires it', async () => {
      await rmAdmin.patch('/api/v1/referral-policy', {
        responseEscalationMinutes: 0.01,
        responseExpiryMinutes: 0.05,
      });
      const r = (await pjCoord.post('/api/v1/referrals', newReferral())).body;
      const expired = await eventually('expiry', async () => {
        const d = (await pjCoord.get(`/api/v1/referrals/${r.id}`)).body;
        return d.status === 'EXPIRED' && d;
      });
      expect(expired.fhirTaskStatus).toBe('failed');
      const types = (
        await sql<{ type: string }>(
          `SELECT type FROM referral.outbox WHERE aggregate_id = $1 ORDER BY seq`,
          [r.id],
        )
      ).map((e) => e.type);
      expect(types).toEqual(['referral.submitted', 'referral.escalated', 'referral.expired']);
      await rmAdmin.patch('/api/v1/referral-policy', {
        responseEscalationMinutes: 120,
        responseExpiryMinutes: 2880,
      });
    });

    it('marks a follow-up overdue and escalates it', async () => {
      await rmAdmin.patch('/api/v1/referral-policy', {
        followUpDays: 0.00002,
        followUpGraceDays: 0,
      });
      const down = (
        await rmCoord.post(
          '/api/v1/referrals',
          newReferral({ direction: 'DOWN', toInstitutionId: pingjin, diagnoses: ['E11.9'] }),
        )
      ).body;
      await pjCoord.post(`/api/v1/referrals/${down.id}/accept`);
      await eventually(
        'overdue follow-up',
        async () =>
          (await pjCoord.get(`/api/v1/referrals/${down.id}`)).body.followUp?.status === 'OVERDUE',
      );
      expect(
        await sql(
          `SELECT count(*)::int n FROM referral.outbox WHERE aggregate_id = $1 AND type = 'follow_up.overdue'`,
          [down.id],
        ),
      ).toEqual([{ n: 1 }]);
      await rmAdmin.patch('/api/v1/referral-policy', { followUpDays: 7, followUpGraceDays: 3 });
    });

    it('moves unused REFERRAL slots to GENERAL at the lead time, still counted as reserved', async () => {
      await rmAdmin.patch('/api/v1/referral-policy', { releaseLeadMinutes: 60 * 24 * 4 - 60 * 6 });
      const sweep = await rmAdmin.post('/api/v1/referral-sweep');
      expect(sweep.status).toBe(200);
      const day3 = await slotsOf(localDay(3));
      expect(
        day3.filter((s: { pool: string; free: number }) => s.pool === 'REFERRAL' && s.free > 0),
      ).toEqual([]);
      const compliance = (
        await rmCoord.get(
          `/api/v1/capacity/compliance?institutionId=${lead}&fromDate=${localDay(3)}&toDate=${localDay(3)}`,
        )
      ).body.rows;
      expect(
        compliance.find(
          (r: { kind: string; departmentId: string }) =>
            r.kind === 'SLOTS' && r.departmentId === cardiology,
        ),
      ).toMatchObject({ compliant: true });
      await rmAdmin.patch('/api/v1/referral-policy', { releaseLeadMinutes: 1440 });
    });
  });

  describe('concurrency (R5)', () => {
    it('never exceeds capacity when holds and acceptances race', async () => {
      const day = localDay(6);
      const published = await rmCoord.post('/api/v1/capacity/slots', {
        departmentId: cardiology,
        slots: [
          slotOn(day, '09:00', '09:30', 3, 'REFERRAL'),
          slotOn(day, '09:00', '09:30', 6, 'GENERAL'),
        ],
      });
      const slot = published.body.slots.find((s: { pool: string }) => s.pool === 'REFERRAL');
      const attempts = await Promise.all(
        Array.from({ length: 24 }, async () => {
          const res = await pjCoord.post(
            '/api/v1/referrals',
            newReferral({ hold: { kind: 'SLOT', slotId: slot.id } }),
          );
          if (res.status !== 201) return res.status;
          // Half the winners are accepted while the other half cancel, all at once.
          const action =
            Math.random() < 0.5
              ? rmCoord.post(`/api/v1/referrals/${res.body.id}/accept`)
              : pjCoord.post(`/api/v1/referrals/${res.body.id}/cancel`, { reason: 'race' });
          return (await action).status === 200 ? 201 : -1;
        }),
      );
      // Every attempt either won the place or was refused for want of one; never an error. A
      // cancel racing the holds may free a place for a fourth winner (issue 13 item 12), so the
      // claim is the invariant below, not an exact count.
      expect(attempts.filter((s) => ![201, -1, 409].includes(s))).toEqual([]);
      expect(attempts.filter((s) => s !== 409).length).toBeGreaterThanOrEqual(3);
      const [row] = await sql<{ held: number; booked: number; capacity: number }>(
        `SELECT held, booked, capacity FROM referral.slots WHERE id = $1`,
        [slot.id],
      );
      expect(row.held + row.booked).toBeLessThanOrEqual(row.capacity);
      const [active] = await sql<{ held: number; booked: number }>(
        `SELECT count(*) FILTER (WHERE status = 'HELD')::int held, count(*) FILTER (WHERE status = 'BOOKED')::int booked
           FROM referral.reservations WHERE slot_id = $1`,
        [slot.id],
      );
      expect(active).toEqual({ held: row.held, booked: row.booked });
      expect(active.held + active.booked).toBeLessThanOrEqual(3);
    });
  });

  describe('indicators (I1)', () => {
    it('reports counts, ratio, acceptance times, no-shows and compliance', async () => {
      const from = new Date(Date.now() - 3600_000).toISOString();
      const to = new Date(Date.now() + 8 * 86_400_000).toISOString(); // covers the published days
      const res = await rmAdmin.get(
        `/api/v1/referrals/indicators?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      );
      expect(res.status).toBe(200);
      // Issue 12 item 3: only accepted, not called-off referrals are 转诊 (seed 001 五(三)); the
      // rest are reported by status. Every referral of the period is in exactly one of the two.
      const [facts] = await sql<{ up: number; down: number; all: number }>(
        `SELECT count(*) FILTER (WHERE direction = 'UP' AND status IN ('ACCEPTED', 'ARRIVED', 'COMPLETED'))::int AS up,
                count(*) FILTER (WHERE direction = 'DOWN' AND status IN ('ACCEPTED', 'ARRIVED', 'COMPLETED'))::int AS down,
                count(*)::int AS all
           FROM referral.referrals r JOIN referral.dir_institutions i ON i.id = r.from_institution_id
          WHERE i.community_id = (SELECT community_id FROM referral.dir_institutions WHERE id = $3)
            AND r.submitted_at >= $1 AND r.submitted_at < $2`,
        [from, to, lead],
      );
      expect([res.body.upCount, res.body.downCount]).toEqual([facts.up, facts.down]);
      expect(facts.up).toBeGreaterThan(0);
      const notCounted = Object.values(res.body.notCounted as Record<string, number>);
      expect(facts.up + facts.down + notCounted.reduce((a, b) => a + b, 0)).toBe(facts.all);
      if (facts.down > 0) expect(res.body.upDownRatio).toBeCloseTo(facts.up / facts.down, 1);
      else expect(res.body.upDownRatio).toBeNull();
      expect(res.body.acceptanceMinutes.p50).not.toBeNull();
      expect(res.body.noShowRate).toBeGreaterThan(0);
      expect(res.body.greenChannelCount).toBe(1);
      // Item 4: slots per department and day, beds per ward and day (hand-computed figures are in
      // test/e2e/indicators.e2e.spec.ts).
      expect(res.body.reservedShareCompliance.slots.totalDays).toBeGreaterThan(0);
      expect(res.body.reservedShareCompliance.beds.required).toBe(0.25);
      expect(
        (
          await pjCoord.get(
            `/api/v1/referrals/indicators?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&institutionId=${lead}`,
          )
        ).status,
      ).toBe(403);
    });
  });
});

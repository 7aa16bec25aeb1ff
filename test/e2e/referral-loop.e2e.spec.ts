import { ctInstance, demoWorld, localDay, residentId, uploadAs } from '../security/fixtures';
import { Api, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { login, startSystem, System } from '../support/system';

/**
 * Issue 12 items 7–10 and 15, read against the seeds: places really secured (seed 001), quotas
 * at the 牵头单位 only and exactly 1/3 (seed 004 四（八）4), a follow-up for every referral that
 * needs one and none for one that ended (seed 001 四(五)), 签约 residents first (seed 001
 * 四(六)), and phone numbers kept as personal data.
 */
describe('referral loop against the seeds (e2e)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let admin: Api;
  let pjGp: string;
  let signed: string;
  let unsigned: string;

  const referral = (over: object = {}) => ({
    direction: 'UP',
    toInstitutionId: w.lead,
    patientId: unsigned,
    diagnoses: ['I20.0'],
    reason: '胸痛待查',
    urgency: 'URGENT',
    ...over,
  });
  const slot = (day: string, hour: string, capacity: number, pool: 'REFERRAL' | 'GENERAL') => ({
    startsAt: `${day}T${hour}:00:00+08:00`,
    endsAt: `${day}T${hour}:30:00+08:00`,
    capacity,
    pool,
  });

  beforeAll(async () => {
    isolation = await isolatedRun('referralloop');
    sys = await startSystem();
    w = await demoWorld(sys);
    admin = new Api(sys.url, await login(sys.url, 'rm.admin'));
    const register = async (seq: number, name: string, phone?: string) =>
      (
        await w.as['pj.doctor'].post('/api/v1/patients', {
          residentId: residentId('19600101', seq),
          name,
          ...(phone ? { phone } : {}),
        })
      ).body;
    unsigned = (await register(11, '孙一', '13812345678')).id;
    signed = (await register(13, '孙二')).id;
    const departments = (
      await w.as['pj.coord'].get(`/api/v1/institutions/${w.pingjin}/departments`)
    ).body as { id: string; code: string }[];
    pjGp = departments.find((d) => d.code === 'GP')!.id;
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('15: keeps the phone encrypted and shows it masked; an update can clear it', async () => {
    const patient = (await w.as['pj.doctor'].get(`/api/v1/patients/${unsigned}`)).body;
    expect(patient.phoneMasked).toBe('138****5678');
    const [row] = await sql<{ phone: string | null; phone_cipher: string }>(
      'SELECT phone, phone_cipher FROM gateway.patients WHERE id = $1',
      [unsigned],
    );
    expect(row.phone).toBeNull();
    expect(row.phone_cipher).not.toContain('12345678');
    const cleared = await w.as['pj.doctor'].patch(`/api/v1/patients/${unsigned}`, { phone: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.phoneMasked).toBeNull();
    expect(
      (await w.as['pj.doctor'].patch(`/api/v1/patients/${unsigned}`, { phone: '12' })).status,
    ).toBe(400);
    expect((await w.as['pj.doctor'].patch(`/api/v1/patients/${unsigned}`, {})).status).toBe(400);
    expect(
      (await w.as['rm.reader'].patch(`/api/v1/patients/${unsigned}`, { phone: null })).status,
    ).toBe(403);
  });

  it('10: 签约 status is updated on the record and puts the patient first in the inbox and the reading queue', async () => {
    const set = await w.as['pj.coord'].patch(`/api/v1/patients/${signed}`, {
      familyDoctorSigned: true,
    });
    expect(set.body.familyDoctorSigned).toBe(true);
    const first = await w.as['pj.coord'].post(
      '/api/v1/referrals',
      referral({ patientId: unsigned }),
    );
    const second = await w.as['pj.coord'].post(
      '/api/v1/referrals',
      referral({ patientId: signed }),
    );
    expect(second.body.familyDoctorSigned).toBe(true);
    const inbox = (await w.as['rm.coord'].get('/api/v1/referrals?role=received&status=SUBMITTED'))
      .body.items;
    expect(inbox.map((r: { id: string }) => r.id).slice(0, 2)).toEqual([
      second.body.id,
      first.body.id,
    ]);

    // Two routine studies: the 签约 patient's, requested later, is read first.
    const request = async (n: number, patientId: string) => {
      const up = await uploadAs(
        sys,
        w.as['pj.doctor'].token,
        ctInstance(`1.2.826.0.1.3680043.10.93.${process.pid}.${n}`),
      );
      await w.as['pj.doctor'].post(`/api/v1/studies/${up.body.studyId}/reading-request`, {
        centerId: w.imaging,
        priority: 'ROUTINE',
        clinicalHistory: '体检',
        question: '肺部结节？',
        patientId,
      });
      return up.body.studyId as string;
    };
    await request(1, unsigned);
    const signedStudy = await request(2, signed);
    const claimed = await w.as['rm.reader'].post('/api/v1/worklist/claim', { centerId: w.imaging });
    expect(claimed.body.study.id).toBe(signedStudy);
  });

  it('8: an up-referral is accepted only on a held place, unless the policy allows it with a reason', async () => {
    const r = (await w.as['pj.coord'].post('/api/v1/referrals', referral())).body;
    const refused = await w.as['rm.coord'].post(`/api/v1/referrals/${r.id}/accept`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/No slot or bed is held/);
    const emergency = (
      await w.as['pj.coord'].post('/api/v1/referrals', referral({ urgency: 'EMERGENCY' }))
    ).body;
    expect(
      (await w.as['rm.coord'].post(`/api/v1/referrals/${emergency.id}/accept`, {})).status,
    ).toBe(200);

    expect(
      (await admin.patch('/api/v1/referral-policy', { acceptWithoutPlace: true })).status,
    ).toBe(200);
    expect((await w.as['rm.coord'].post(`/api/v1/referrals/${r.id}/accept`, {})).status).toBe(400);
    const accepted = await w.as['rm.coord'].post(`/api/v1/referrals/${r.id}/accept`, {
      reason: '床位紧张，到院后安排加号',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.transitions.at(-1)).toMatchObject({
      toStatus: 'ACCEPTED',
      reason: '床位紧张，到院后安排加号',
    });
    await admin.patch('/api/v1/referral-policy', { acceptWithoutPlace: false });

    // The hold lasts until the receiver's answer is due, not the 15-minute hold time.
    const day = localDay(5);
    const published = await w.as['rm.coord'].post('/api/v1/capacity/slots', {
      departmentId: w.cardiology,
      slots: [slot(day, '09', 1, 'REFERRAL'), slot(day, '09', 2, 'GENERAL')],
    });
    const slotId = published.body.slots.find((s: { pool: string }) => s.pool === 'REFERRAL').id;
    const held = (
      await w.as['pj.coord'].post('/api/v1/referrals', referral({ hold: { kind: 'SLOT', slotId } }))
    ).body;
    const gap = Math.abs(Date.parse(held.reservation.expiresAt) - Date.parse(held.respondBy));
    expect(gap).toBeLessThan(5_000);
  });

  it('9: the quota binds the lead hospital at exactly 1/3, and not a township center', async () => {
    const day = localDay(6);
    // 3,333 of 10,000 places is 0.3333: enough under the old 0.3333, short of 1/3.
    const thirds = (referral: number, general: number) => [
      ...[0, 1, 2].map((h) => slot(day, `1${h}`, 1000, 'REFERRAL')),
      slot(day, '13', referral - 3000, 'REFERRAL'),
      ...[0, 1, 2, 3, 4, 5].map((h) => slot(day, `0${h + 2}`, 1000, 'GENERAL')),
      slot(day, '08', general - 6000, 'GENERAL'),
    ];
    const short = await w.as['rm.coord'].post('/api/v1/capacity/slots', {
      departmentId: w.cardiology,
      slots: thirds(3333, 6667),
    });
    expect(short.status).toBe(422);
    expect(short.body.detail).toMatch(/33\.3%/);
    const enough = await w.as['rm.coord'].post('/api/v1/capacity/slots', {
      departmentId: w.cardiology,
      slots: thirds(3334, 6666),
    });
    expect(enough.status).toBe(201);
    // A township health center's own outpatient slots are not the 牵头单位's quota.
    const township = await w.as['pj.coord'].post('/api/v1/capacity/slots', {
      departmentId: pjGp,
      slots: [slot(day, '09', 5, 'GENERAL')],
    });
    expect(township.status).toBe(201);
    // The new policy fields refuse bad input and non-admins, changing nothing.
    for (const bad of [
      { quotaInstitutionTypes: ['HOSPITAL'] },
      { quotaInstitutionTypes: 'LEAD_HOSPITAL' },
      { acceptWithoutPlace: 'yes' },
      { holdUntilResponseDue: null },
    ])
      expect((await admin.patch('/api/v1/referral-policy', bad)).status).toBe(400);
    expect(
      (await w.as['rm.coord'].patch('/api/v1/referral-policy', { acceptWithoutPlace: true }))
        .status,
    ).toBe(403);
    const policy = (await admin.get('/api/v1/referral-policy')).body;
    expect(policy).toMatchObject({
      minReferralSlotShare: 1 / 3,
      quotaInstitutionTypes: ['LEAD_HOSPITAL', 'COUNTY_HOSPITAL'],
      acceptWithoutPlace: false,
      holdUntilResponseDue: true,
    });
  });

  it('7: a returning up-referred patient is followed up; a cancelled or no-show referral owes none', async () => {
    const day = localDay(7);
    const published = await w.as['rm.coord'].post('/api/v1/capacity/slots', {
      departmentId: w.cardiology,
      slots: [slot(day, '10', 1, 'REFERRAL'), slot(day, '10', 2, 'GENERAL')],
    });
    const slotId = published.body.slots.find((s: { pool: string }) => s.pool === 'REFERRAL').id;
    const up = (
      await w.as['pj.coord'].post('/api/v1/referrals', referral({ hold: { kind: 'SLOT', slotId } }))
    ).body;
    const rm = w.as['rm.coord'];
    await rm.post(`/api/v1/referrals/${up.id}/accept`, {});
    await rm.post(`/api/v1/referrals/${up.id}/check-in`, {});
    const done = await rm.post(`/api/v1/referrals/${up.id}/complete`, {
      summary: '病情稳定，回基层随访',
    });
    expect(done.body.followUp).toMatchObject({ status: 'SCHEDULED' });

    for (const end of ['cancel', 'no-show'] as const) {
      const down = (
        await rm.post(
          '/api/v1/referrals',
          referral({ direction: 'DOWN', toInstitutionId: w.pingjin, diagnoses: ['E11.9'] }),
        )
      ).body;
      const accepted = await w.as['pj.coord'].post(`/api/v1/referrals/${down.id}/accept`, {});
      expect(accepted.body.followUp).toMatchObject({ status: 'SCHEDULED' });
      const ended =
        end === 'cancel'
          ? await rm.post(`/api/v1/referrals/${down.id}/cancel`, { reason: '患者拒绝下转' })
          : await w.as['pj.coord'].post(`/api/v1/referrals/${down.id}/no-show`, {});
      expect(ended.status).toBe(200);
      expect(ended.body.followUp).toMatchObject({ status: 'CANCELLED' });
    }
  });
});

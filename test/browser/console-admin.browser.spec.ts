import { randomUUID } from 'node:crypto';
import { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import request from 'supertest';
import { ctInstance, demoWorld, localDay, residentId, uploadAs } from '../security/fixtures';
import { Api, eventually, sql } from '../support/api';
import { ConsoleWalk, launchChromium } from '../support/console-browser';
import { schedule as weekSchedule } from '../support/capacity';
import { isolatedRun } from '../support/isolated-run';
import { startSystem, System } from '../support/system';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * Issue 14 item 5 in the browser, as the community administrator (rm.admin) walks it: creates a
 * user and disables them, registers an API client (key shown once) with a webhook and sees its
 * delivery, filters the audit log, and reads every indicator chart drawn from real rows, with
 * the table under each chart matching the API's figures.
 */
jest.setTimeout(300_000);

/** Beijing calendar arithmetic on 'YYYY-MM-DD' strings, independent of the console's code. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const nextDay = (d: string) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const monthStart = (monthsBack: number) => {
  const [y, m] = today().split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 - monthsBack, 1)).toISOString().slice(0, 10);
};
const at = (date: string, hh: string) => `${date}T${hh}:00:00+08:00`;
const span = (from: string, to: string) =>
  `from=${encodeURIComponent(at(from, '00'))}&to=${encodeURIComponent(at(nextDay(to), '00'))}`;
/** The page's default period: the first day of the month 11 months ago up to today. */
const period = { from: monthStart(11), to: today() };
const dayBefore = (d: string) =>
  new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const months = Array.from({ length: 12 }, (_, i) => {
  const from = monthStart(11 - i);
  return {
    label: from.slice(0, 7),
    from,
    to: i === 11 ? period.to : dayBefore(monthStart(10 - i)),
  };
});

const num = (n: number | null) => (n === null ? '—' : String(n));
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** Share of a PNG's pixels in colour (bars, lines): a chart with axes only has next to none. */
function colourShare(png: Buffer): number {
  const image = PNG.sync.read(png);
  let coloured = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i], image.data[i + 1], image.data[i + 2]];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured++;
  }
  return coloured / (image.width * image.height);
}

describe('console: the community administrator (browser)', () => {
  let sys: System;
  let browser: Browser;
  let walk: ConsoleWalk;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let admin: Api;
  const rx = new WebhookReceiver();

  /** Referrals and studies through the API, as the clinics and the lead hospital make them today. */
  async function todaysWork() {
    const { as, lead, pingjin, cardiology, ward, imaging } = w;
    await as['rm.coord'].post('/api/v1/capacity/beds', {
      departmentId: ward,
      beds: ['A1', 'A2', 'A3', 'A4'].map((n, i) => ({
        number: n,
        pool: i ? 'GENERAL' : 'REFERRAL',
      })),
    });
    const schedule = await as['rm.coord'].post(
      '/api/v1/capacity/schedules',
      weekSchedule(cardiology, localDay(2), localDay(2)),
    );
    expect(schedule.status).toBe(201);
    const slots = (
      await as['rm.coord'].get(
        `/api/v1/capacity/slots?institutionId=${lead}&departmentId=${cardiology}&from=${localDay(2)}T00:00:00%2B08:00&to=${localDay(2)}T23:59:59%2B08:00&onlyFree=true`,
      )
    ).body.items.filter((s: { pool: string }) => s.pool === 'REFERRAL');
    for (let i = 0; i < 3; i++) {
      const patient = await as['pj.doctor'].post('/api/v1/patients', {
        residentId: residentId('19620304', 40 + i),
        name: `管理演示${i}`,
      });
      const r = await as['pj.coord'].post('/api/v1/referrals', {
        direction: 'UP',
        toInstitutionId: lead,
        patientId: patient.body.id,
        diagnoses: ['I20.0'],
        reason: '胸痛待查',
        urgency: 'URGENT',
        hold: { kind: 'SLOT', slotId: slots[i].id },
      });
      expect((await as['rm.coord'].post(`/api/v1/referrals/${r.body.id}/accept`, {})).status).toBe(
        200,
      );
      if (i === 2) continue;
      await as['rm.coord'].post(`/api/v1/referrals/${r.body.id}/check-in`, {});
      await as['rm.coord'].post(`/api/v1/referrals/${r.body.id}/complete`, {
        summary: '好转，回基层随访',
      });
      const down = await as['rm.coord'].post('/api/v1/referrals', {
        direction: 'DOWN',
        toInstitutionId: pingjin,
        patientId: patient.body.id,
        diagnoses: ['E11.9'],
        reason: '病情稳定，回基层康复',
        urgency: 'ROUTINE',
      });
      expect(
        (await as['pj.coord'].post(`/api/v1/referrals/${down.body.id}/accept`, {})).status,
      ).toBe(200);
    }
    for (const [n, priority] of [
      [1, 'STAT'],
      [2, 'URGENT'],
      [3, 'ROUTINE'],
    ] as const) {
      const up = await uploadAs(
        sys,
        as['pj.doctor'].token,
        ctInstance(`1.2.826.0.1.3680043.10.140.${process.pid}.${n}`, [], { pixels: 2048 }),
      );
      const id = up.body.studyId as string;
      await as['pj.doctor'].post(`/api/v1/studies/${id}/reading-request`, {
        centerId: imaging,
        priority,
        clinicalHistory: '咳嗽两周',
        question: '肺部感染？',
      });
      expect((await as['rm.reader'].post(`/api/v1/studies/${id}/claim`, {})).status).toBe(200);
      await as['rm.reader'].post(`/api/v1/studies/${id}/report/draft`, {
        findings: '双肺纹理清晰',
        impression: '未见明显异常',
      });
      await as['rm.reader'].post(`/api/v1/studies/${id}/report/sign`);
      expect((await as['rm.senior'].post(`/api/v1/studies/${id}/report/approve`)).body.status).toBe(
        'FINAL',
      );
    }
  }

  /**
   * Earlier months cannot be made through the API (it stamps "now"): rows as the services write
   * them, as test/e2e/indicators.e2e.spec.ts does, so the monthly bars and percentiles have shape.
   */
  async function earlierMonths() {
    const { lead, fulu, cardiology, imaging } = w;
    const [{ community_id: c }] = await sql<{ community_id: string }>(
      'SELECT community_id FROM referral.dir_institutions WHERE id = $1',
      [lead],
    );
    const referral = (
      dir: 'UP' | 'DOWN',
      status: string,
      submitted: string,
      minutes: number | null,
    ) =>
      sql(
        `INSERT INTO referral.referrals (id, community_id, direction, status, from_institution_id, to_institution_id,
           patient_id, family_doctor_signed, diagnoses, reason, urgency, created_by, created_by_name,
           submitted_at, accepted_at, respond_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, false, '{I20.0}', '管理演示', 'ROUTINE', $7, '测试',
           $8::timestamptz, $8::timestamptz + make_interval(mins => $9::int), $8::timestamptz + interval '1 day')`,
        [
          randomUUID(),
          c,
          dir,
          status,
          dir === 'UP' ? fulu : lead,
          dir === 'UP' ? lead : fulu,
          randomUUID(),
          submitted,
          minutes,
        ],
      );
    for (const [back, ups, downs] of [
      [2, 3, 1],
      [5, 2, 2],
      [9, 1, 0],
    ] as const) {
      const day = monthStart(back).replace(/01$/, '15');
      for (let i = 0; i < ups; i++)
        await referral(
          'UP',
          i ? 'COMPLETED' : 'ACCEPTED',
          at(day, `0${i + 1}`),
          60 * (i + 1) + back * 10,
        );
      for (let i = 0; i < downs; i++)
        await referral('DOWN', 'COMPLETED', at(day, '09'), 30 + i * 15);
      await referral('UP', 'REJECTED', at(day, '10'), null);
    }
    // Slots of 心血管内科 two and three days ago: 1 of 3 in the REFERRAL pool (met), 1 of 4 (not).
    for (const [back, general] of [
      [2, 2],
      [3, 3],
    ] as const) {
      const day = localDay(-back);
      for (const [pool, capacity] of [
        ['REFERRAL', 1],
        ['GENERAL', general],
      ] as const)
        await sql(
          `INSERT INTO referral.slots (id, community_id, institution_id, department_id, starts_at, ends_at, local_date, pool, capacity)
           VALUES ($1, $2, $3, $4, $5::timestamptz, $5::timestamptz + interval '30 minutes', $6::date, $7, $8)`,
          [randomUUID(), c, lead, cardiology, at(day, '09'), day, pool, capacity],
        );
    }
    let n = 0;
    for (const [back, priority, minutes] of [
      [1, 'STAT', 25],
      [1, 'URGENT', 45],
      [4, 'ROUTINE', 180],
      [4, 'ROUTINE', 600],
    ] as const)
      await sql(
        `INSERT INTO diagnosis.studies (id, community_id, institution_id, patient_id, study_instance_uid, modality, status,
           center_id, priority, requested_at, due_at, finalized_at)
         VALUES ($1, $2, $3, $4, $5, 'CT', 'FINAL', $6, $7, $8::timestamptz, $8::timestamptz + interval '2 days',
           $8::timestamptz + make_interval(mins => $9::int))`,
        [
          randomUUID(),
          c,
          fulu,
          randomUUID(),
          `2.25.${Date.now()}${++n}`,
          imaging,
          priority,
          at(monthStart(back).replace(/01$/, '10'), '08'),
          minutes,
        ],
      );
  }

  beforeAll(async () => {
    await rx.start();
    isolation = await isolatedRun('consoleadmin');
    sys = await startSystem({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_SWEEP_MS: '500' });
    w = await demoWorld(sys);
    admin = w.as['rm.admin'];
    await todaysWork();
    await earlierMonths();
    browser = await launchChromium();
    walk = await ConsoleWalk.open(browser, sys.url, 'admin');
    await walk.signIn('rm.admin');
  });
  afterAll(async () => {
    await walk?.close();
    await browser?.close();
    await sys?.stop();
    await rx.stop();
    await isolation?.cleanup();
  });

  const page = () => walk.page;
  /** Picks an option of an antd Select (or AutoComplete) by typing into its labelled input. */
  async function choose(label: string | RegExp, text: string) {
    const box = page().getByLabel(label);
    await box.click();
    await box.fill(text);
    await page().locator('.ant-select-item-option:visible', { hasText: text }).first().click();
    await box.blur(); // a multiple select stays open after a pick
  }
  const dialog = (name: RegExp) => page().getByRole('dialog', { name });

  it('creates a reader, names the bad field, resets the password and disables the user', async () => {
    await walk.goto('/admin/users');
    await page().getByRole('cell', { name: 'rm.reader' }).waitFor();
    await walk.shot('users');
    await walk.scan('users');

    await page()
      .getByRole('button', { name: /新建用户/ })
      .click();
    const form = dialog(/新建用户/);
    await form.getByLabel('用户名').fill('adm.walk');
    await form.getByLabel('姓名（显示名）').fill('演示 读片医师');
    await choose('所属机构', '梁平区人民医院');
    await form.getByLabel(/^诊断医师/).check();
    await choose(/阅片中心/, '影像诊断中心');
    await form.getByLabel('初始密码').fill('aaaaaaaaaaaaaa');
    walk.expectStatus(400, /\/api\/v1\/admin\/users$/);
    await form.getByRole('button', { name: /创\s*建/ }).click();
    // The server's rule, under the field it is about.
    await form
      .locator('.ant-form-item-explain-error', { hasText: /three of/ })
      .first()
      .waitFor();
    await walk.shot('users-weak-password');
    const strong = 'Walk-Reader-2026!';
    await form.getByLabel('初始密码').fill(strong);
    await form.getByRole('button', { name: /创\s*建/ }).click();
    const row = page().getByRole('row', { name: /adm\.walk/ });
    await row.waitFor();
    const [user] = (await admin.get('/api/v1/admin/users')).body.items.filter(
      (u: { username: string }) => u.username === 'adm.walk',
    );
    expect(user).toMatchObject({
      roles: ['reader'],
      centerIds: [w.imaging],
      active: true,
      institutionId: w.lead,
    });

    // A second role: the reader now approves reports too.
    await row.getByRole('button', { name: /编\s*辑/ }).click();
    const edit = dialog(/编辑用户/);
    await edit.getByLabel(/^审核医师/).check();
    await edit.getByRole('button', { name: /保\s*存/ }).click();
    await edit.waitFor({ state: 'hidden' });
    await eventually('roles saved', async () => {
      const edited = (await admin.get(`/api/v1/admin/users/${user.id}`)).body;
      return edited.roles.includes('senior_reader') && edited.centerIds.length === 1;
    });

    await row.getByRole('button', { name: '重置密码' }).click();
    const reset = dialog(/重置密码/);
    await reset.getByLabel('新密码', { exact: true }).fill('Walk-Reset-2026?');
    await reset.getByLabel('再次输入新密码').fill('Walk-Reset-2026?');
    await reset.getByRole('button', { name: /重置密码/ }).click();
    await reset.waitFor({ state: 'hidden' });
    const signIn = (password: string) =>
      request(sys.url).post('/api/v1/auth/token').send({ username: 'adm.walk', password });
    expect((await signIn('Walk-Reset-2026?')).status).toBe(200);

    await row.getByRole('button', { name: /停\s*用/ }).click();
    await page()
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /停\s*用/ })
      .click();
    await row.getByText('已停用').waitFor();
    await walk.shot('users-disabled');
    expect([401, 403]).toContain((await signIn('Walk-Reset-2026?')).status);

    await page().getByRole('tab', { name: '机构与科室' }).click();
    await page().getByRole('cell', { name: '福禄中心卫生院' }).waitFor();
    await walk.shot('institutions');
    await walk.scan('institutions');

    // DICOM devices (issue 15): the demo CT is listed; a new one is registered, a bad address is
    // named under its field, and a disabled device's association is refused.
    await page().getByRole('tab', { name: 'DICOM 设备' }).click();
    await page().getByRole('cell', { name: 'PJ_DEMO_CT' }).waitFor();
    await page()
      .getByRole('button', { name: /登记设备/ })
      .click();
    const device = dialog(/登记设备/);
    await choose('所属机构', '福禄中心卫生院');
    await device.getByLabel('设备 AE 名称').fill('FL_DR_WALK');
    await device.getByLabel('设备名称').fill('福禄 DR（演示）');
    await device.getByLabel(/允许的 IP 地址/).fill('dr.fulu.local');
    walk.expectStatus(400, /\/api\/v1\/admin\/modalities$/);
    await device.getByRole('button', { name: /登\s*记/ }).click();
    await device.locator('.ant-form-item-explain-error', { hasText: /IPv4 or IPv6/ }).waitFor();
    await device.getByLabel(/允许的 IP 地址/).fill('10.20.0.31');
    await device.getByRole('button', { name: /登\s*记/ }).click();
    await device.waitFor({ state: 'hidden' });
    const deviceRow = page().getByRole('row', { name: /FL_DR_WALK/ });
    await deviceRow.getByText('10.20.0.31').waitFor();
    await walk.shot('modalities');
    await walk.scan('modalities');
    await deviceRow.getByRole('button', { name: /停\s*用/ }).click();
    await page()
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /停\s*用/ })
      .click();
    await deviceRow.getByText('已停用').waitFor();
    const [registered] = (await admin.get('/api/v1/admin/modalities')).body.items.filter(
      (m: { aeTitle: string }) => m.aeTitle === 'FL_DR_WALK',
    );
    expect(registered).toMatchObject({ host: '10.20.0.31', active: false, institutionId: w.fulu });
  });

  it('registers an API client whose key is shown once, and a webhook that is delivered', async () => {
    await walk.goto('/admin/api-clients');
    await page()
      .getByRole('button', { name: /新建客户端/ })
      .click();
    const form = dialog(/新建接口客户端/);
    await form.getByLabel('名称').fill('屏锦 HIS（演示）');
    await choose(/所属机构/, '屏锦中心卫生院');
    for (const scope of ['referrals:read', 'webhooks:manage'])
      await form.getByLabel(new RegExp(scope)).check();
    await form.getByRole('button', { name: /创建并生成密钥/ }).click();
    const once = dialog(/已创建/);
    const key = await once.getByTestId('secret-once').inputValue();
    expect(key).toMatch(/^cmc_[0-9a-f]+_/);
    await form.waitFor({ state: 'hidden' }); // the form's closing animation, out of the picture
    await walk.shot('api-client-key-once');
    await walk.scan('api-client-key-once');
    await once.getByRole('button', { name: /我已妥善保存/ }).click();
    await page().getByTestId('secret-once').waitFor({ state: 'detached' });
    expect(await page().content()).not.toContain(key);
    // The key works, as the clinic's HIS would use it.
    expect((await request(sys.url).get('/api/v1/institutions').set('X-API-Key', key)).status).toBe(
      200,
    );

    const row = page().getByRole('row', { name: /屏锦 HIS（演示）/ });
    await row.getByRole('button', { name: 'Webhook' }).click();
    await page()
      .getByRole('button', { name: /添加 Webhook/ })
      .click();
    const hook = dialog(/添加 Webhook/);
    await hook.getByLabel('接收地址（URL）').fill(rx.url('/admin-walk'));
    await hook.getByLabel(/referral\.submitted/).check();
    await hook.getByRole('button', { name: /添加并生成签名密钥/ }).click();
    const secretDialog = dialog(/签名密钥/);
    const secret = await secretDialog.getByTestId('secret-once').inputValue();
    expect(secret).toMatch(/^whsec_/);
    rx.secrets.set('/admin-walk', [secret]);
    await secretDialog.getByRole('button', { name: /我已妥善保存/ }).click();

    // 屏锦 sends a referral: its HIS is told.
    const patient = await w.as['pj.doctor'].post('/api/v1/patients', {
      residentId: residentId('19551111', 71),
      name: '钩子演示',
    });
    await w.as['pj.coord'].post('/api/v1/referrals', {
      direction: 'UP',
      toInstitutionId: w.lead,
      patientId: patient.body.id,
      diagnoses: ['I20.0'],
      reason: '胸痛待查',
      urgency: 'ROUTINE',
    });
    await eventually('webhook delivered', async () => rx.unique('/admin-walk').length > 0);
    await page().getByRole('button', { name: '投递记录' }).click();
    await eventually('delivery shown', async () => {
      await page()
        .getByRole('button', { name: /刷\s*新/ })
        .click();
      return (await page().getByText('已送达').count()) > 0;
    });
    await walk.shot('webhook-deliveries');
    await walk.scan('api-clients');

    // Rotation: a new key once; the old one keeps working for the grace period. Then revocation.
    await row.getByRole('button', { name: '轮换密钥' }).click();
    await dialog(/轮换密钥/)
      .getByRole('button', { name: /生成新密钥/ })
      .click();
    const rotated = dialog(/新密钥/);
    const newKey = await rotated.getByTestId('secret-once').inputValue();
    expect(newKey).not.toBe(key);
    await rotated.getByRole('button', { name: /我已妥善保存/ }).click();
    const status = (k: string) =>
      request(sys.url)
        .get('/api/v1/institutions')
        .set('X-API-Key', k)
        .then((r) => r.status);
    expect([await status(key), await status(newKey)]).toEqual([200, 200]);
    await row.getByRole('button', { name: /吊\s*销/ }).click();
    await page()
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /吊\s*销/ })
      .click();
    await row.getByText('已吊销').waitFor();
    await walk.shot('api-client-revoked');
    await eventually('both keys refused', async () =>
      [await status(key), await status(newKey)].every((s) => s === 401 || s === 403),
    );
  });

  it('filters the audit log by record type and actor', async () => {
    await walk.goto('/admin/audit');
    await page()
      .getByText(/共 \d+ 条/)
      .waitFor();
    await walk.scan('audit');
    await page().getByLabel('记录类型').fill('user');
    await choose('操作者', 'rm.admin');
    await page()
      .getByRole('button', { name: /查\s*询/ })
      .click();
    await eventually('filtered', async () => {
      const types = await page().locator('tbody tr.ant-table-row td:nth-child(6)').allInnerTexts();
      return types.length > 0 && types.every((t) => t === '用户') ? types : undefined;
    });
    const me = (await admin.get('/api/v1/admin/users')).body.items.find(
      (u: { username: string }) => u.username === 'rm.admin',
    );
    const expected = (await admin.get(`/api/v1/audit?resourceType=user&actorId=${me.id}`)).body;
    expect(expected.total).toBeGreaterThan(0);
    await page().getByText(`共 ${expected.total} 条`).waitFor();
    // Today's rows only, typed as Beijing times (Enter in the last field runs the query).
    const start = page().getByLabel('时间范围（北京时间）');
    await start.fill(`${today()} 00:00`);
    await start.press('Enter');
    const end = page().getByPlaceholder('结束日期');
    await end.fill(`${today()} 23:59`);
    const ranged = page().waitForRequest((r) => /\/api\/v1\/audit\?.*from=/.test(r.url()));
    await end.press('Enter');
    const sent = new URL((await ranged).url()).searchParams;
    expect([sent.get('from'), sent.get('to')]).toEqual([
      new Date(at(today(), '00')).toISOString(),
      new Date(`${today()}T23:59:00+08:00`).toISOString(),
    ]);
    const todays = (
      await admin.get(
        `/api/v1/audit?resourceType=user&actorId=${me.id}&from=${encodeURIComponent(at(today(), '00'))}&to=${encodeURIComponent(`${today()}T23:59:00+08:00`)}`,
      )
    ).body;
    expect(todays.total).toBeGreaterThan(0);
    await page().getByText(`共 ${todays.total} 条`).waitFor();
    await walk.shot('audit-filtered');
  });

  it('draws every indicator chart from real rows, with the API’s numbers under it', async () => {
    await walk.goto('/admin/indicators');
    const ids = [
      'up-down',
      'acceptance',
      'compliance',
      'per-10k',
      'primary-exam',
      'turnaround',
      'by-clinic',
      'by-reader',
    ];
    for (const id of ids) await page().getByTestId(`numbers-${id}`).waitFor();
    const ref = (await admin.get(`/api/v1/referrals/indicators?${span(period.from, period.to)}`))
      .body;
    const perMonth = await Promise.all(
      months.map(
        async (m) => (await admin.get(`/api/v1/referrals/indicators?${span(m.from, m.to)}`)).body,
      ),
    );
    const st = (await admin.get(`/api/v1/studies/indicators?${span(period.from, period.to)}`)).body;
    const pri = ['STAT', 'URGENT', 'ROUTINE'] as const;
    const expected: Record<string, string[][]> = {
      'up-down': [
        ...months.map((m, i) => [
          m.label,
          perMonth[i].upCount,
          perMonth[i].downCount,
          num(perMonth[i].upDownRatio),
        ]),
        ['期间合计', ref.upCount, ref.downCount, num(ref.upDownRatio)],
      ].map((r) => r.map(String)),
      acceptance: [
        ...months.map((m, i) => [
          m.label,
          ...['p50', 'p90', 'p99'].map((k) => num(perMonth[i].acceptanceMinutes[k])),
        ]),
        ['期间合计', ...['p50', 'p90', 'p99'].map((k) => num(ref.acceptanceMinutes[k]))],
      ],
      compliance: (['slots', 'beds'] as const).map((k, i) => {
        const c = ref.reservedShareCompliance[k];
        return [
          ['门诊号源', '住院床位'][i],
          pct(c.required),
          String(c.compliantDays),
          String(c.totalDays),
          pct(c.rate),
        ];
      }),
      'per-10k': [
        [
          '本医联体',
          String(st.remoteDiagnoses),
          num(st.population),
          num(st.remoteDiagnosesPer10kResidents),
        ],
        [
          `全区（${st.district.name}）`,
          String(st.district.remoteDiagnoses),
          num(st.district.population),
          num(st.district.per10kResidents),
        ],
      ],
      'primary-exam': [
        ['本期患者数', String(st.primaryExamUpperDiagnosis.patients)],
        [
          '未关联患者的检查（不计人数）',
          String(st.primaryExamUpperDiagnosis.studiesWithoutPatient),
        ],
        ...st.primaryExamUpperDiagnosis.targets.map(
          (t: { year: number; kind: string; minPatients: number }) => [
            `${t.year} 年${t.kind === 'TARGET' ? '目标' : '指标值'}`,
            `≥${t.minPatients}`,
          ],
        ),
      ],
      turnaround: pri.map((p, i) => {
        const t = st.turnaroundMinutes[p];
        return [
          ['紧急（STAT）', '加急', '常规'][i],
          ...[t.count, t.breached, t.bumped].map(String),
          num(t.p50),
          num(t.p90),
          num(t.p99),
        ];
      }),
      'by-clinic': [...st.byClinic]
        .sort((a: { submitted: number }, b: { submitted: number }) => b.submitted - a.submitted)
        .map((c: { name: string; submitted: number; finalized: number }) => [
          c.name,
          String(c.submitted),
          String(c.finalized),
        ]),
      'by-reader': [...st.byReader]
        .sort((a: { signed: number }, b: { signed: number }) => b.signed - a.signed)
        .map((r: { name: string; signed: number }) => [r.name, String(r.signed)]),
    };
    // Real rows in every chart: the figures the walk's data must have produced.
    expect([ref.upCount, ref.downCount]).toEqual([3 + 6, 2 + 3]);
    expect(ref.reservedShareCompliance.slots.totalDays).toBeGreaterThanOrEqual(2);
    expect(st.byReader.length).toBeGreaterThan(0);
    expect(st.turnaroundMinutes.ROUTINE.count).toBeGreaterThanOrEqual(3);

    for (const id of ids) {
      const trs = page().getByTestId(`numbers-${id}`).locator('tbody tr');
      const rows: string[][] = [];
      for (let i = 0; i < (await trs.count()); i++)
        rows.push((await trs.nth(i).locator('th, td').allInnerTexts()).map((t) => t.trim()));
      expect([id, rows]).toEqual([id, expected[id]]);
    }
    await page().waitForTimeout(1500); // the charts' entry animation
    await walk.shot('indicators');
    for (const id of ids) {
      const chart = page().getByTestId(`chart-${id}`);
      await chart.scrollIntoViewIfNeeded();
      expect([id, await chart.getAttribute('aria-label')]).toEqual([
        id,
        expect.stringMatching(/图/),
      ]);
      const share = colourShare(await chart.locator('canvas').first().screenshot());
      expect([id, share > 0.003]).toEqual([id, true]);
    }
    await walk.scan('indicators');

    // The remote-diagnosis service down: its panels say so, the referral charts stay drawn.
    await page().route('**/api/v1/studies/indicators?**', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          status: 503,
          title: 'Service Unavailable',
          detail: 'remote-diagnosis 无响应',
        }),
      }),
    );
    walk.expectStatus(503, /\/api\/v1\/studies\/indicators/);
    await page().reload();
    await page().getByTestId('numbers-up-down').waitFor();
    await eventually(
      'five panels report the service down',
      async () => (await page().getByText('该服务暂不可用，请稍后重试').count()) === 5,
    );
    expect(await page().getByTestId('chart-up-down').locator('canvas').count()).toBe(1);
    await walk.shot('indicators-service-down');
    await page().unroute('**/api/v1/studies/indicators?**');
    expect(walk.problems).toEqual([]);
  });

  it('switches the admin pages and their charts to English and back', async () => {
    await walk.goto('/admin/indicators');
    await page().getByTestId('numbers-up-down').waitFor();
    await page()
      .getByRole('button', { name: /English/ })
      .click();
    await page().getByRole('heading', { name: 'Indicators', exact: true }).waitFor();
    await page().getByRole('heading', { name: 'Two-way referrals' }).waitFor();
    expect(await page().getByTestId('chart-up-down').getAttribute('aria-label')).toMatch(
      /^Bar chart of up- and down-referrals per month/,
    );
    await page().getByText('Period total').first().waitFor();
    await page().waitForTimeout(1500); // the charts' entry animation
    await walk.shot('english');
    await walk.goto('/admin/users');
    await page().getByRole('heading', { name: 'User management' }).waitFor();
    await page()
      .getByRole('button', { name: /中\s*文/ })
      .click();
    await page().getByRole('heading', { name: '用户管理' }).waitFor();
    expect(walk.problems).toEqual([]);
  });
});

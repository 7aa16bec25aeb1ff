import { Browser, Locator } from 'playwright-core';
import { demoWorld, localDay, residentId } from '../security/fixtures';
import { Api, eventually } from '../support/api';
import { closeNotices, ConsoleWalk, launchChromium } from '../support/console-browser';
import { schedule as weekSchedule } from '../support/capacity';
import { isolatedRun } from '../support/isolated-run';
import { startSystem, System } from '../support/system';

/**
 * Issue 14 item 3 (and item 5's capacity and catalog): the referral coordinator's walk. The
 * township (屏锦中心卫生院) refers a patient up with a catalog code checked as typed and a
 * REFERRAL slot held; the lead hospital (梁平区人民医院) finds it in its inbox under a green-channel
 * referral at the top, accepts, checks in and completes it; the township records the follow-up;
 * the lead's coordinator publishes capacity against the quota; the administrator edits the catalog.
 */
jest.setTimeout(300_000);

let isolation: Awaited<ReturnType<typeof isolatedRun>> | undefined;
beforeAll(async () => {
  isolation = await isolatedRun('consolecoordinator');
});
afterAll(async () => {
  await isolation?.cleanup();
});

/** A two-character antd button's label is spaced (接 收); match either way. */
const spaced = (label: string) => new RegExp(label.split('').join('\\s*'));

describe('referral coordinator console (browser)', () => {
  let sys: System;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof demoWorld>>;
  let pjCoord: Api;
  let rmCoord: Api;
  let referralId: string;
  const patientId = residentId('19580317', 41);
  const greenPatientId = residentId('19620805', 42);

  beforeAll(async () => {
    sys = await startSystem();
    world = await demoWorld(sys);
    pjCoord = world.as['pj.coord'];
    rmCoord = world.as['rm.coord'];
    await eventually(
      'referral catalog',
      async () => (await pjCoord.get('/api/v1/referral-catalog')).body.UP?.length > 0,
    );
    // The lead hospital publishes capacity (1 REFERRAL + 2 GENERAL places a half-hour; beds 1/4).
    const schedule = await rmCoord.post(
      '/api/v1/capacity/schedules',
      weekSchedule(world.cardiology, localDay(2), localDay(3), { doctorName: '王医生' }),
    );
    expect(schedule.status).toBe(201);
    const beds = await rmCoord.post('/api/v1/capacity/beds', {
      departmentId: world.ward,
      beds: ['01', '02', '03', '04', '05', '06', '07', '08'].map((number, i) => ({
        number,
        pool: i < 2 ? 'REFERRAL' : 'GENERAL',
      })),
    });
    expect(beds.status).toBe(201);
    const patient = await pjCoord.post('/api/v1/patients', { residentId: patientId, name: '王五' });
    expect(patient.status).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('the township refers up: catalog ✓ as typed, a REFERRAL slot held on submission', async () => {
    const walk = await ConsoleWalk.open(browser, sys.url, 'coordinator');
    const { page } = walk;
    await walk.signIn('pj.coord');
    await walk.goto('/referrals/new');
    await page.getByRole('heading', { name: '发起转诊', level: 2 }).waitFor();
    await walk.shot('new-referral');
    await walk.scan('new referral');

    // The resident ID is checked by the server (GB 11643): its field error lands under the field.
    const resident = page.getByLabel('居民身份证号', { exact: true });
    walk.expectStatus(400, /\/api\/v1\/patients\/search$/);
    await resident.fill(`${patientId.slice(0, 17)}${patientId[17] === '1' ? '2' : '1'}`);
    await page.getByRole('button', { name: spaced('查找') }).click();
    await page.getByText(/check digit/).waitFor();
    await walk.shot('resident-id-refused');
    await resident.fill(patientId);
    await resident.press('Enter');
    await page.getByTestId('patient-card').getByText('王五').waitFor();

    await page.getByLabel('接收机构').click();
    await page.getByTitle('梁平区人民医院').click();
    const codes = page.getByLabel('诊断编码（ICD-10）');
    await codes.fill('E11');
    await page.getByTestId('catalog-verdict').getByText('目录外', { exact: true }).waitFor();
    await page.getByLabel('目录外转诊理由').waitFor();
    await walk.shot('out-of-catalog');
    await codes.fill('I20.0');
    await page
      .getByTestId('catalog-verdict')
      .getByText(/✓ 在转诊目录内/)
      .waitFor();
    expect(await page.getByLabel('目录外转诊理由').count()).toBe(0);
    await page.getByLabel('转诊原因 / 初步诊断').fill('不稳定型心绞痛，需上级医院评估');

    const slot = page.locator('label:has([data-testid=slot-REFERRAL]:not([disabled]))').first();
    await slot.waitFor();
    await page.getByText('转诊预留号源').first().waitFor();
    await slot.click();
    await walk.shot('slot-picked');
    await walk.scan('slot picker');
    await page.getByRole('button', { name: '提交转诊' }).click();
    const sent = page.getByTestId('sent-summary');
    await sent.waitFor();
    expect(await sent.innerText()).toMatch(/号源保留中.*保留至/);
    await walk.shot('sent');

    const mine = (await pjCoord.get('/api/v1/referrals?role=sent')).body.items;
    referralId = mine[0].id;
    const detail = (await pjCoord.get(`/api/v1/referrals/${referralId}`)).body;
    expect(detail).toMatchObject({
      status: 'SUBMITTED',
      diagnoses: ['I20.0'],
      outOfCatalog: false,
    });
    expect(detail.reservation).toMatchObject({ kind: 'SLOT', status: 'HELD' });
    const slots = (
      await rmCoord.get(
        `/api/v1/capacity/slots?institutionId=${world.lead}&from=${localDay(2)}T00:00:00%2B08:00&to=${localDay(4)}T00:00:00%2B08:00&onlyFree=false`,
      )
    ).body.items as { id: string; pool: string; held: number }[];
    expect(slots.find((s) => s.id === detail.reservation.slotId)).toMatchObject({
      pool: 'REFERRAL',
      held: 1,
    });

    await walk.goto('/referrals');
    await page.getByRole('tab', { name: '发出的转诊' }).click();
    await page.locator('tr[data-testid=referral-row]', { hasText: '王五' }).waitFor();
    await walk.shot('sent-list');
    await walk.scan('referrals (sender)');
    await walk.close();
    expect(walk.problems).toEqual([]);
  });

  it('the lead hospital sees the green channel on top, accepts, checks in and completes', async () => {
    // A green-channel referral made through the API: accepted on submission, an emergency bed held.
    const green = await pjCoord.post('/api/v1/patients', {
      residentId: greenPatientId,
      name: '赵六',
    });
    const made = await pjCoord.post('/api/v1/referrals', {
      direction: 'UP',
      toInstitutionId: world.lead,
      patientId: green.body.id,
      diagnoses: ['I21.0'],
      reason: '急性前壁心肌梗死',
      greenChannel: 'CHEST_PAIN',
    });
    expect(made.body).toMatchObject({ status: 'ACCEPTED', greenChannel: 'CHEST_PAIN' });

    const walk = await ConsoleWalk.open(browser, sys.url, 'coordinator-lead');
    const { page } = walk;
    await walk.signIn('rm.coord');
    await walk.goto('/referrals');
    const panel = page.getByTestId('green-channel-panel');
    await panel.getByText('赵六').waitFor();
    const rows = page.locator('tbody tr.ant-table-row');
    await rows.filter({ hasText: '王五' }).waitFor();
    expect(await rows.first().getAttribute('data-testid')).toBe('referral-row-green');
    expect(await rows.first().innerText()).toContain('绿色通道');
    await closeNotices(page);
    await walk.shot('inbox-green-on-top');
    await walk.scan('inbox');

    const row = (): Locator => rows.filter({ hasText: '王五' });
    const act = async (button: string, confirm: string, fill?: [string, string]) => {
      await closeNotices(page);
      await row()
        .getByRole('button', { name: spaced(button) })
        .click();
      const dialog = page.getByRole('dialog');
      if (fill) await dialog.getByLabel(fill[0]).fill(fill[1]);
      await dialog.getByRole('button', { name: confirm }).click();
      await dialog.waitFor({ state: 'hidden' });
    };
    await act('接收', '确认接收');
    await row().getByText('已接收').waitFor();
    await walk.shot('accepted');
    await act('接诊', '确认接诊');
    await row().getByText('已接诊').waitFor();
    await row()
      .getByRole('button', { name: spaced('完成') })
      .click();
    await page
      .getByRole('dialog')
      .getByLabel(/诊疗小结/)
      .waitFor();
    await walk.scan('complete dialog');
    await page
      .getByRole('dialog')
      .getByLabel(/诊疗小结/)
      .fill('冠脉造影未见严重狭窄，回基层随访');
    await page.getByRole('dialog').getByRole('button', { name: '确认完成' }).click();
    await row().getByText('已完成').waitFor();

    await row().getByRole('button', { name: '展开行' }).click();
    const detail = page.getByTestId('referral-detail');
    await detail.getByText('冠脉造影未见严重狭窄').waitFor();
    await detail.getByText('流转记录').waitFor();
    await walk.shot('completed-detail');

    const done = (await rmCoord.get(`/api/v1/referrals/${referralId}`)).body;
    expect(done).toMatchObject({ status: 'COMPLETED', fhirTaskStatus: 'completed' });
    expect(done.transitions.map((t: { toStatus: string }) => t.toStatus)).toEqual([
      'SUBMITTED',
      'ACCEPTED',
      'ARRIVED',
      'COMPLETED',
    ]);
    await walk.close();
    expect(walk.problems).toEqual([]);
  });

  it('the township records the follow-up the completed referral scheduled', async () => {
    const walk = await ConsoleWalk.open(browser, sys.url, 'coordinator-follow-up');
    const { page } = walk;
    await walk.signIn('pj.coord');
    await walk.goto('/follow-ups');
    const row = page.locator('tbody tr.ant-table-row', { hasText: '王五' });
    await row.waitFor();
    await walk.shot('follow-ups');
    await walk.scan('follow-ups');
    await row.getByRole('button', { name: '记录随访' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('随访结果').click();
    await page.getByTitle('病情稳定').click();
    await dialog.getByLabel(/随访记录/).fill('血压平稳，按时服药');
    await dialog.getByRole('button', { name: spaced('保存') }).click();
    await page.locator('.ant-segmented-item', { hasText: '已完成' }).click();
    await page.locator('tbody tr.ant-table-row', { hasText: '血压平稳' }).waitFor();
    await walk.shot('follow-up-recorded');
    await walk.close();
    expect(walk.problems).toEqual([]);
  });

  it('the lead coordinator publishes a schedule with the quota shown, and is refused below it', async () => {
    const walk = await ConsoleWalk.open(browser, sys.url, 'coordinator-capacity');
    const { page } = walk;
    await walk.signIn('rm.coord');
    await walk.goto('/admin/capacity');
    await page.getByText('门诊号源转诊预留').waitFor();
    await page.locator('tbody tr', { hasText: '心血管内科' }).first().waitFor();
    await closeNotices(page);
    await walk.shot('capacity');
    await walk.scan('capacity');

    const department = async (name: string) => {
      await page.getByLabel('科室', { exact: true }).click();
      await page.getByTitle(name).click();
    };
    await department('神经内科');
    await page.getByRole('button', { name: '发布排班' }).click();
    await page
      .getByTestId('schedule-result')
      .getByText(/已发布：生成 \d+ 个号源/)
      .waitFor();
    await walk.shot('schedule-published');

    // 1 REFERRAL of 4 places is 25%, below the 1/3 quota: the API refuses it with the figures.
    await department('骨科');
    await page.getByLabel('每时段普通号').fill('3');
    walk.expectStatus(422, /\/api\/v1\/capacity\/schedules$/);
    await page.getByRole('button', { name: '发布排班' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /33\.3%/ })
      .waitFor();
    await walk.shot('schedule-refused');
    await walk.close();
    expect(walk.problems).toEqual([]);
  });

  it('the community administrator looks codes up in the catalog and edits a list', async () => {
    const walk = await ConsoleWalk.open(browser, sys.url, 'coordinator-catalog');
    const { page } = walk;
    await walk.signIn('rm.admin');
    await walk.goto('/admin/catalog');
    await page.getByLabel('ICD-10 编码').fill('I20.0');
    await page.getByText('上转：✓ 目录内').waitFor();
    await walk.shot('catalog');
    await walk.scan('catalog');
    await page.getByRole('tab', { name: /下转目录/ }).click();
    const pane = page.getByRole('tabpanel', { name: /下转目录/ });
    await pane.getByRole('button', { name: '编辑此目录' }).click();
    await pane.getByRole('button', { name: '添加条目' }).click();
    const rows = await pane.locator('tbody tr.ant-table-row').count();
    await pane.getByLabel(`第 ${rows} 行起始编码`).fill('K80');
    await pane.getByLabel(`第 ${rows} 行病种`).fill('胆石症（术后康复）');
    await walk.scan('catalog editing');
    await pane.getByRole('button', { name: spaced('保存') }).click();
    await page.getByRole('tab', { name: `下转目录（${rows}）` }).waitFor();
    const down = (await world.as['rm.admin'].get('/api/v1/referral-catalog')).body.DOWN;
    expect(down).toContainEqual({ from: 'K80', to: 'K80', label: '胆石症（术后康复）' });
    await walk.shot('catalog-edited');

    // The English switch: the catalog's own texts follow it, and back.
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { name: 'Referral catalog', level: 2 }).waitFor();
    await page.getByRole('tab', { name: `Down-referral catalog (${rows})` }).waitFor();
    await page.getByLabel('ICD-10 code').fill('I20.0');
    await page.getByText('Up: ✓ in catalog').waitFor();
    await walk.shot('english');
    await page.getByRole('button', { name: /中\s*文/ }).click();
    await page.getByRole('heading', { name: '转诊目录', level: 2 }).waitFor();
    await walk.close();
    expect(walk.problems).toEqual([]);
  });
});

import type { Browser } from 'playwright-core';
import { demoWorld, residentId } from '../security/fixtures';
import { isolatedRun } from '../support/isolated-run';
import { ConsoleWalk, launchChromium } from '../support/console-browser';
import { DEMO_PASSWORD, startSystem, System } from '../support/system';

/**
 * Issue 14 item 1, in a real browser: sign-in with the gateway's users, who and which
 * institution on every page, the live bell (a green-channel arrival pops up and stays), the
 * English switch, an expired session signing in again over the page without losing it, sign-out.
 */
jest.setTimeout(120_000);

describe('console shell (browser)', () => {
  let sys: System;
  let browser: Browser;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;

  beforeAll(async () => {
    isolation = await isolatedRun('consoleshell');
    sys = await startSystem();
    w = await demoWorld(sys);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('signs in, shows who and where, rings the bell live, survives an expired session, signs out', async () => {
    const walk = await ConsoleWalk.open(browser, sys.url, 'shell');
    const page = walk.page;
    await walk.goto('/');
    await page.getByLabel('用户名').waitFor();
    await walk.scan('sign-in');
    await walk.shot('sign-in');

    walk.expectStatus(401, /\/api\/v1\/auth\/session$/);
    await page.getByLabel('用户名').fill('rm.coord');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();

    await walk.signIn('rm.coord');
    // The institution's name arrives by its own request after the session: wait for it.
    await page.getByTestId('who').filter({ hasText: '梁平区人民医院' }).waitFor();
    const who = (await page.getByTestId('who').textContent()) ?? '';
    expect(who).toContain('梁平区人民医院');
    expect(who).toContain('转诊协调员');
    await walk.scan('home');
    await walk.shot('home');

    // A township doctor sends a chest-pain patient through the green channel: the lead
    // hospital's coordinator hears it at once, and the notice stays until closed.
    const doctor = w.as['pj.doctor'];
    const patient = await doctor.post('/api/v1/patients', {
      residentId: residentId('19580308', 71),
      name: '绿色通道患者',
    });
    expect(patient.status).toBe(201);
    const referral = await doctor.post('/api/v1/referrals', {
      direction: 'UP',
      toInstitutionId: w.lead,
      toDepartmentId: w.ward,
      patientId: patient.body.id,
      diagnoses: ['I21.0'],
      reason: 'STEMI',
      greenChannel: 'CHEST_PAIN',
    });
    expect(referral.status).toBe(201);
    const popup = page.locator('.ant-notification-notice').first();
    await popup.waitFor({ timeout: 20_000 });
    await walk.shot('green-channel-popup');
    await page.waitForTimeout(5_000);
    expect(await popup.isVisible()).toBe(true); // urgent notices do not fade away
    await popup.getByRole('button', { name: /close|关闭/i }).click();
    await popup.waitFor({ state: 'detached' });
    const bell = page.getByRole('button', { name: /通知 \(\d+\)/ });
    expect(await bell.getAttribute('aria-label')).not.toBe('通知 (0)');
    await bell.click();
    await page.locator('.ant-drawer .ant-list-item').first().waitFor();
    await walk.shot('bell-drawer');
    await page.keyboard.press('Escape');

    // The English switch, and back.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Referrals' }).waitFor();
    await walk.shot('english');
    await page.getByRole('button', { name: /中\s*文/ }).click();
    await page.getByRole('menuitem', { name: '双向转诊' }).waitFor();

    // The session ends under an open page: the sign-in comes over it, the page stays.
    await page.context().clearCookies({ name: 'cmc_session' });
    // The bell's list and the live stream, dropped with the session, try again (EventSource on
    // its own schedule, so how often varies) and are refused until the person signs in again;
    // then the bell opens a new stream. Any other refusal is still a problem.
    walk.allowStatus(401, /\/api\/v1\/notifications(\?|\/stream)/);
    await bell.click();
    const modal = page.getByRole('dialog').filter({ hasText: '登录已过期' });
    await modal.getByLabel('用户名').waitFor({ state: 'visible' });
    await page.waitForTimeout(500); // the modal's entrance animation, for the screenshot
    await walk.shot('session-expired');
    await modal.getByLabel('用户名').fill('rm.coord');
    await modal.getByLabel('密码').fill(DEMO_PASSWORD);
    await modal.getByRole('button', { name: /登\s*录/ }).click();
    await modal.waitFor({ state: 'detached' });
    // The drawer that was open when the session ended is still open: nothing was reloaded.
    expect(await page.locator('.ant-drawer-open').count()).toBe(1);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.getByLabel('用户名').waitFor();
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('cmc_session');
    await walk.goto('/referrals');
    await page.getByLabel('用户名').waitFor();

    await walk.close();
    expect(walk.problems).toEqual([]);
  });

  it('fits a hospital desktop as well as a clinic laptop', async () => {
    const walk = await ConsoleWalk.open(browser, sys.url, 'shell-desktop', {
      width: 1920,
      height: 1080,
    });
    await walk.signIn('pj.doctor');
    expect(await walk.page.getByTestId('who').textContent()).toContain('屏锦中心卫生院');
    // No horizontal scrolling at either size.
    expect(
      await walk.page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
    ).toBe(true);
    await walk.shot('desktop');
    await walk.close();
    expect(walk.problems).toEqual([]);
  });
});

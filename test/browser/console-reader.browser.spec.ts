import type { Browser, Page } from 'playwright-core';
import { writePart10 } from '../../libs/shared/src/dicom/write-dicom';
import { syntheticEcg } from '../../libs/shared/src/waveform/fixture';
import { demoWorld, residentId } from '../security/fixtures';
import { Api, eventually } from '../support/api';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConsoleWalk, launchChromium, litShare, OHIF_DIST } from '../support/console-browser';
import { CT, monochromeCt, WINDOW_1000_2000 } from '../support/dicom-builders';
import { isolatedRun } from '../support/isolated-run';
import { multipart, relatedType, uploadAs } from '../support/uploads';
import { freePort, startSystem, System } from '../support/system';

/** A 64×64 CT slice with a bright disc (a smaller cousin of the OHIF walk's). */
function ctSlice(study: string, n: number): Buffer {
  const size = 64;
  const pixels = Buffer.alloc(size * size * 2);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      pixels.writeUInt16LE(
        (x - 32) ** 2 + (y - 32) ** 2 < (12 + n * 3) ** 2 ? 1800 : 100,
        (y * size + x) * 2,
      );
  const sop = `${study}.1.${n}`;
  return writePart10(CT, sop, [
    { tag: 0x00080016, vr: 'UI', value: CT },
    { tag: 0x00080018, vr: 'UI', value: sop },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x00100010, vr: 'PN', value: 'LI^SI' },
    { tag: 0x0020000d, vr: 'UI', value: study },
    { tag: 0x0020000e, vr: 'UI', value: `${study}.1` },
    { tag: 0x00200013, vr: 'IS', value: String(n) },
    ...monochromeCt(size, pixels, WINDOW_1000_2000),
  ]);
}

/** Picks an option of a searchable antd Select as a keyboard user does: type, then Enter. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  const box = page.getByLabel(label);
  await box.click();
  await box.pressSequentially(option);
  await page.locator('.ant-select-item-option-active', { hasText: option }).waitFor();
  await box.press('Enter');
  await page.locator('.ant-select-content', { hasText: option }).waitFor();
}

/**
 * Issue 14 item 4 in a real browser: the imaging reader's worklist with its countdown, claim
 * next, the lease released on leaving and the study claimed again, a CT template, sign; the
 * ECG reader's 12 leads on paper with heart rate and calipers, an ECG template, sign; the
 * senior reader approves both.
 */
jest.setTimeout(180_000);

describe('console reader (browser)', () => {
  let sys: System;
  let browser: Browser;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let doctor: Api;
  const studyUid = `1.2.826.0.1.3680043.10.14.${Date.now() % 1e9}`;
  let ct: string;
  let ecg: string;
  let viewerPort: number;

  beforeAll(async () => {
    isolation = await isolatedRun('consolereader');
    viewerPort = await freePort();
    // The OHIF viewer on its own origin, as npm start runs it: the walk opens the CT there.
    sys = await startSystem({ VIEWER_PORT: String(viewerPort), VIEWER_DIST_DIR: OHIF_DIST });
    w = await demoWorld(sys);
    doctor = w.as['pj.doctor'];
    const patient = await doctor.post('/api/v1/patients', {
      residentId: residentId('19560412', 41),
      name: '李四',
    });
    expect(patient.status).toBe(201);

    // Three CT slices in one batch, and a 75 bpm 12-lead ECG, from the township clinic.
    const batch = await uploadAs(
      sys,
      doctor.token,
      multipart([1, 2, 3].map((n) => ({ data: ctSlice(studyUid, n) }))),
      relatedType(),
    );
    expect(batch.body.stored).toHaveLength(3);
    ct = batch.body.stored[0].studyId;
    const tracing = await uploadAs(
      sys,
      doctor.token,
      syntheticEcg({ bpm: 75, noiseMv: 0.02, seed: 75, uidRoot: `${studyUid}.9` }),
    );
    expect(tracing.status).toBe(201);
    ecg = tracing.body.studyId;
    for (const [id, centerId, history, question] of [
      [ct, w.imaging, '头痛三天，伴呕吐', '颅内出血？'],
      [ecg, w.ecgCenter, '心悸半天', '心律失常？'],
    ])
      expect(
        (
          await doctor.post(`/api/v1/studies/${id}/reading-request`, {
            centerId,
            priority: 'URGENT',
            clinicalHistory: history,
            question,
            patientId: patient.body.id,
          })
        ).body,
      ).toMatchObject({ status: 'QUEUED' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await isolation?.cleanup();
  });

  const statusOf = async (id: string) => (await doctor.get(`/api/v1/studies/${id}`)).body.status;

  it('the imaging reader claims the CT from the worklist, reads it and signs a templated report', async () => {
    const walk = await ConsoleWalk.open(browser, sys.url, 'reader-ct');
    const page = walk.page;
    await walk.signIn('rm.reader');
    await walk.goto('/reader/worklist');
    const queue = page.getByRole('row').filter({ hasText: '屏锦中心卫生院' });
    await queue.getByText('李四').waitFor();
    const countdown = queue.getByTestId('countdown');
    const first = await countdown.innerText();
    expect(first).toMatch(/^剩余 1:\d\d:\d\d$/); // URGENT: due within 120 minutes
    await page.waitForTimeout(1500);
    expect(await countdown.innerText()).not.toBe(first); // it ticks
    expect(await countdown.getAttribute('data-state')).toBe('ok');
    expect(await queue.innerText()).toContain('加急');
    await walk.shot('worklist');
    await walk.scan('worklist');

    await page.getByRole('button', { name: /领取下一例/ }).click();
    await page.waitForURL(new RegExp(`/reader/studies/${ct}$`));
    await page.getByText('本人阅片中').waitFor();
    expect(await statusOf(ct)).toBe('IN_PROGRESS');
    expect(await page.getByTestId('study-info').innerText()).toMatch(
      /李四[\s\S]*头痛三天[\s\S]*颅内出血/,
    );
    const viewer = new URL((await page.getByTestId('ohif-link').getAttribute('href'))!);
    expect(viewer.port).toBe(String(viewerPort));
    expect(`${viewer.pathname}${viewer.search}`).toBe(`/viewer?StudyInstanceUIDs=${studyUid}`);
    await walk.shot('reading-ct');
    await walk.scan('reading-ct');
    // The viewer accepts the console's session (cookies are per host, not port): no second
    // sign-in, and the CT is drawn (software WebGL: allow a cold start).
    const [ohif] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByTestId('ohif-link').click(),
    ]);
    const canvas = ohif.locator('canvas.cornerstone-canvas').first();
    await canvas.waitFor({ timeout: 120_000 });
    let share = 0;
    for (let i = 0; i < 60 && share < 0.05; i++) {
      await ohif.waitForTimeout(1000);
      share = litShare(await canvas.screenshot());
    }
    writeFileSync(
      path.resolve(__dirname, '../../test-output/console/reader-ct/ohif-viewport.png'),
      await ohif.screenshot(),
    );
    expect(share).toBeGreaterThan(0.05);
    await ohif.close();

    // Leaving the page gives the study back; claiming it again from its row reopens it.
    await page.getByRole('link', { name: '阅片工作列表' }).click();
    await eventually('release on leaving', async () => (await statusOf(ct)) === 'QUEUED');
    await queue.getByRole('button', { name: /认领/ }).click();
    await page.waitForURL(new RegExp(`/reader/studies/${ct}$`));
    await page.getByText('本人阅片中').waitFor();

    await choose(page, '报告模板', '头颅CT平扫：未见异常');
    await page.getByRole('button', { name: '插入到光标处' }).click();
    expect(await page.getByLabel('检查所见').inputValue()).toContain('颅骨骨质完整');
    expect(await page.getByLabel('诊断意见').inputValue()).toBe('头颅CT平扫未见明显异常。');
    await page.getByRole('button', { name: /保存草稿/ }).click();
    await page.getByText('草稿已保存').waitFor();
    await walk.shot('ct-draft');
    await page.getByRole('button', { name: /签名提交/ }).click();
    await page.getByRole('button', { name: /^签\s*名$/ }).click();
    await page.getByTestId('next-step').waitFor();
    expect(await statusOf(ct)).toBe('PRELIMINARY');
    expect(await page.getByTestId('report-view').innerText()).toContain('初步报告');
    await walk.shot('ct-signed');
    expect(walk.problems).toEqual([]);
    await walk.close();
  });

  it('the ECG reader sees 12 leads on paper, measures with calipers, and signs', async () => {
    const walk = await ConsoleWalk.open(browser, sys.url, 'reader-ecg');
    const page = walk.page;
    await walk.signIn('rm.ecg');
    await walk.goto('/reader/worklist');
    const row = page.getByRole('row').filter({ hasText: 'ECG' });
    await row.getByText('李四').waitFor();
    await walk.shot('worklist');
    await row.getByRole('button', { name: /认领/ }).click();
    await page.waitForURL(new RegExp(`/reader/studies/${ecg}$`));

    const svg = page.getByTestId('ecg-svg');
    await svg.waitFor();
    expect(await svg.getAttribute('role')).toBe('img');
    expect(await svg.getAttribute('aria-label')).toMatch(/25 mm\/s，10 mm\/mV，心率 7[4-6] 次\/分/);
    expect(await svg.locator('g[data-lead]').count()).toBe(13);
    expect(await svg.locator('g[data-lead]:not([data-rhythm])').count()).toBe(12);
    for (const lead of ['I', 'aVR', 'V1', 'V6'])
      expect(await svg.locator(`g[data-lead="${lead}"] polyline`).getAttribute('points')).toMatch(
        /\d+\.\d+,\d+/,
      );
    expect(await page.getByTestId('ecg-rate').innerText()).toMatch(
      /心率 7[4-6] 次\/分[\s\S]*RR (79\d|80\d) ms/,
    );

    // Two clicks a big square apart (5 mm at 25 mm/s) measure about 200 ms.
    const box = (await svg.boundingBox())!;
    const mm = box.width / Number((await svg.getAttribute('viewBox'))!.split(' ')[2]);
    await page.mouse.click(box.x + 100 * mm, box.y + box.height * 0.85);
    await page.mouse.click(box.x + 105 * mm, box.y + box.height * 0.85);
    const measured = Number(
      /间期 (\d+) ms/.exec(await page.getByTestId('caliper-result').innerText())![1],
    );
    expect(Math.abs(measured - 200)).toBeLessThanOrEqual(12);
    // On two R waves: one RR, 800 ms at 75 bpm; then the keyboard moves caliper B by 40 ms.
    await page.getByRole('button', { name: '对准 R-R' }).click();
    const rr = Number(
      /间期 (\d+) ms/.exec(await page.getByTestId('caliper-result').innerText())![1],
    );
    expect(Math.abs(rr - 800)).toBeLessThanOrEqual(8);
    await page.getByRole('group', { name: /心电图测量区/ }).focus();
    await page.keyboard.press('b');
    await page.keyboard.press('Shift+ArrowRight');
    expect(await page.getByTestId('caliper-result').innerText()).toContain(`间期 ${rr + 40} ms`);
    await walk.shot('reading-ecg');
    await walk.scan('reading-ecg');

    await choose(page, '报告模板', '窦性心律，正常心电图');
    await page.getByRole('button', { name: '替换全部' }).click();
    expect(await page.getByLabel('检查所见').inputValue()).toMatch(
      /心率7[4-6]次\/分，RR间期(79\d|80\d)ms/,
    );
    await page.getByRole('button', { name: /签名提交/ }).click();
    await page.getByRole('button', { name: /^签\s*名$/ }).click();
    await page.getByTestId('next-step').waitFor();
    expect(await statusOf(ecg)).toBe('PRELIMINARY');
    await walk.shot('ecg-signed');
    expect(walk.problems).toEqual([]);
    await walk.close();
  });

  it('the senior reader approves both reports', async () => {
    const walk = await ConsoleWalk.open(browser, sys.url, 'reader-senior');
    const page = walk.page;
    await walk.signIn('rm.senior');
    await walk.goto('/reader/worklist');
    const pending = page.getByTestId('pending-approval');
    await pending.getByRole('row').filter({ hasText: 'ECG' }).waitFor();
    expect(await pending.getByRole('row').filter({ hasText: '李四' }).count()).toBe(2);
    await walk.shot('pending-approval');
    await walk.scan('worklist-senior');

    for (const [modality, id] of [
      ['CT', ct],
      ['ECG', ecg],
    ]) {
      await pending
        .getByRole('row')
        .filter({ hasText: modality })
        .getByRole('link', { name: '审核' })
        .click();
      await page.waitForURL(new RegExp(`/reader/studies/${id}$`));
      await page.getByRole('button', { name: /审核通过/ }).click();
      await page.getByRole('button', { name: /^通\s*过$/ }).click();
      await page.getByTestId('report-view').getByText('最终报告').waitFor();
      expect(await statusOf(id)).toBe('FINAL');
      await walk.shot(`approved-${modality.toLowerCase()}`);
      await page.getByRole('link', { name: '阅片工作列表' }).click();
    }

    // The English switch: the worklist's own texts follow it, and back.
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { name: 'Reading worklist' }).waitFor();
    await page
      .getByText(/Reports awaiting approval/)
      .first()
      .waitFor();
    await walk.shot('english');
    await page.getByRole('button', { name: /中\s*文/ }).click();
    await page.getByRole('heading', { name: '阅片工作列表' }).waitFor();

    const finalCt = (await doctor.get(`/api/v1/studies/${ct}`)).body;
    expect(finalCt.reports[0]).toMatchObject({
      status: 'FINAL',
      impression: '头颅CT平扫未见明显异常。',
      approvedByName: expect.stringContaining('审核'),
    });
    expect(walk.problems).toEqual([]);
    await walk.close();
  });
});

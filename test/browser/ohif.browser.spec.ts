import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { writePart10 } from '../../libs/shared/src/dicom/write-dicom';
import { demoWorld } from '../security/fixtures';
import { Api, sql } from '../support/api';
import { launchChromium, litShare, OHIF_DIST } from '../support/console-browser';
import { CT, monochromeCt, utf8, WINDOW_1000_2000 } from '../support/dicom-builders';
import { isolatedRun } from '../support/isolated-run';
import { DEMO_PASSWORD, freePort, login, startSystem, System } from '../support/system';

const OUT = path.resolve(__dirname, '../../test-output/ohif');
const DIST = OHIF_DIST;

/** A 128×128 CT slice with a bright disc, its name in Chinese as a Chinese CT writes it. */
function ctSlice(study: string, n: number, patientName: string): Buffer {
  const size = 128;
  const pixels = Buffer.alloc(size * size * 2);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const inside = (x - 64) ** 2 + (y - 64) ** 2 < (30 + n * 5) ** 2;
      pixels.writeUInt16LE(inside ? 1800 : 100 + ((x + y) % 50), (y * size + x) * 2);
    }
  const sop = `${study}.1.${n}`;
  return writePart10(CT, sop, [
    { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' },
    { tag: 0x00080016, vr: 'UI', value: CT },
    { tag: 0x00080018, vr: 'UI', value: sop },
    { tag: 0x00080020, vr: 'DA', value: '20261201' },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x00081030, vr: 'LO', value: Buffer.from('头颅CT平扫 ') }, // UTF-8, even length
    { tag: 0x00100010, vr: 'PN', value: utf8(patientName) },
    { tag: 0x00100020, vr: 'LO', value: 'PJ-OHIF-1' },
    { tag: 0x00180050, vr: 'DS', value: '5' },
    { tag: 0x0020000d, vr: 'UI', value: study },
    { tag: 0x0020000e, vr: 'UI', value: `${study}.1` },
    { tag: 0x00200013, vr: 'IS', value: String(n) },
    { tag: 0x00200032, vr: 'DS', value: `0\\0\\${n * 5}` },
    { tag: 0x00200037, vr: 'DS', value: '1\\0\\0\\0\\1\\0' },
    ...monochromeCt(size, pixels, [
      { tag: 0x00280030, vr: 'DS', value: '1\\1' },
      ...WINDOW_1000_2000,
    ]),
  ]);
}

/**
 * G2b: the OHIF viewer as a reader meets it, in Debian's Chromium (WebGL by SwiftShader): a
 * sign-in, the study list with the Chinese patient name, the study drawn in the viewport.
 */
jest.setTimeout(180_000); // a cold OHIF start in software WebGL on two cores

describe('OHIF viewer on its own origin (browser)', () => {
  let sys: System;
  let browser: Browser;
  let viewer: string;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  const study = `1.2.826.0.1.3680043.10.11.${Date.now() % 1e9}`;

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, 'index.html')))
      throw new Error(`OHIF is not at ${DIST}: npm test fetches it (scripts/lib.sh ensure_ohif)`);
    mkdirSync(OUT, { recursive: true });
    isolation = await isolatedRun('ohif');
    const port = await freePort();
    viewer = `http://127.0.0.1:${port}`;
    sys = await startSystem({ VIEWER_PORT: String(port), VIEWER_DIST_DIR: DIST });
    const doctor = await login(sys.url, 'pj.doctor');
    for (const n of [1, 2, 3]) {
      const up = await request(sys.url)
        .post('/dicomweb/studies')
        .set('Authorization', `Bearer ${doctor}`)
        .set('Content-Type', 'multipart/related; type="application/dicom"; boundary=b')
        .send(
          Buffer.concat([
            Buffer.from('--b\r\nContent-Type: application/dicom\r\n\r\n'),
            ctSlice(study, n, '李^四'),
            Buffer.from('\r\n--b--\r\n'),
          ]),
        );
      expect(up.status).toBe(200);
    }
    // The clinic sends the study to the lead hospital's imaging center, whose reader opens it.
    const { imaging } = await demoWorld(sys);
    const [{ id }] = await sql<{ id: string }>(
      `SELECT id FROM diagnosis.studies WHERE study_instance_uid = $1`,
      [study],
    );
    const queued = await new Api(sys.url, doctor).post(`/api/v1/studies/${id}/reading-request`, {
      centerId: imaging,
      priority: 'URGENT',
      clinicalHistory: '头痛三天',
      question: '颅内出血？',
    });
    expect(queued.body).toMatchObject({ status: 'QUEUED' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await isolation?.cleanup();
  });

  const signIn = async (page: Page, username: string) => {
    await page.fill('#username', username);
    await page.fill('#password', DEMO_PASSWORD);
    await page.press('#password', 'Enter');
  };

  it('sends someone not signed in to the sign-in page, and gives them no images', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(`${viewer}/viewer?StudyInstanceUIDs=${study}`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.screenshot({ path: path.join(OUT, '1-login.png') });
    expect((await request(viewer).get(`/dicomweb/studies/${study}/metadata`)).status).toBe(401);
    expect((await request(viewer).post('/dicomweb/studies')).status).toBe(405);
    await signIn(page, 'pj.doctor');
    await page.waitForURL(/\/viewer\?StudyInstanceUIDs=/);
    await page.close();
  });

  it('refuses a bad sign-in with a clear page and never redirects off the origin', async () => {
    const post = (form: Record<string, string>) =>
      request(viewer).post('/login').type('form').send(form);
    expect((await post({ username: '', password: '' })).status).toBe(400);
    const wrong = await post({ username: 'rm.reader', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('用户名或密码错误');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect((await post({ username: 'x'.repeat(5000), password: 'y' })).status).toBe(413);
    const offsite = await post({
      username: 'rm.reader',
      password: DEMO_PASSWORD,
      next: '//evil.example/steal',
    });
    expect(offsite.status).toBe(303);
    expect(offsite.headers.location).toBe('/');
    expect(String(offsite.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/i);
  });

  it('lists the reader’s studies with their Chinese patient names', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
    await page.goto(`${viewer}/`);
    await signIn(page, 'rm.reader');
    await page.waitForURL(`${viewer}/`);
    try {
      await page.getByText('头颅CT平扫').first().waitFor({ timeout: 90_000 });
      await page.getByText(/李/).first().waitFor({ timeout: 10_000 });
    } finally {
      await page.screenshot({ path: path.join(OUT, '2-study-list.png') });
    }
    expect(await page.locator('#cmc-user').innerText()).toContain('梁平区人民医院');
    await page.close();
  });

  it('opens the CT study and draws a non-blank image in the viewport', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
    const failures: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/dicomweb/') && r.status() >= 400)
        failures.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(
      `${viewer}/login?next=${encodeURIComponent(`/viewer?StudyInstanceUIDs=${study}`)}`,
    );
    await signIn(page, 'rm.reader');
    await page.waitForURL(/\/viewer\?StudyInstanceUIDs=/);
    const canvas = page.locator('canvas.cornerstone-canvas').first();
    await canvas.waitFor({ timeout: 90_000 });
    let share = 0;
    for (let i = 0; i < 60 && share < 0.05; i++) {
      await page.waitForTimeout(1000);
      share = litShare(await canvas.screenshot());
    }
    writeFileSync(path.join(OUT, '3-viewport.png'), await canvas.screenshot());
    await page.screenshot({ path: path.join(OUT, '4-viewer.png') });
    expect(failures).toEqual([]);
    expect(share).toBeGreaterThan(0.05);
    await page.close();
  });
});

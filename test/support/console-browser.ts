import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { Browser, chromium, Page, Response } from 'playwright-core';
import { DEMO_PASSWORD } from './system';

/**
 * Issue 14's browser walks: Debian's Chromium through playwright-core, at a clinic laptop's
 * 1366×768, zh-CN, Beijing time. A walk fails on any console error, page error, failed request
 * or HTTP error answer it did not announce (`expectStatus`), and on any serious or critical
 * accessibility violation axe-core finds on a page it scans. Screenshots go to test-output/console.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=zh-CN',
    ],
  });
}

/** Where npm test puts the OHIF viewer's build (scripts/lib.sh ensure_ohif). */
export const OHIF_DIST =
  process.env.VIEWER_DIST_DIR ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'cmc/ohif-3.13.2/dist');

/** Share of pixels brighter than the background: a drawn CT slice is far from black. */
export function litShare(png: Buffer): number {
  const image = PNG.sync.read(png);
  let lit = 0;
  for (let i = 0; i < image.data.length; i += 4)
    if (image.data[i] + image.data[i + 1] + image.data[i + 2] > 120) lit++;
  return lit / (image.width * image.height);
}

/**
 * Closes every antd notification pop-up so it covers nothing. A pop-up can close itself or be
 * mid-slide between counting it and clicking it; such a click is given up quickly rather than
 * waiting 30 s for a pop-up that is already gone, and the loop ends when none is left.
 */
export async function closeNotices(page: Page): Promise<void> {
  const close = page.locator('.ant-notification-notice-close');
  const deadline = Date.now() + 15_000;
  let open: number;
  while ((open = await close.count()) > 0) {
    if (Date.now() > deadline) throw new Error('notification pop-ups would not close');
    await close
      .first()
      .click({ timeout: 2_000 })
      .catch(() => undefined);
    // Until one has slid away (clicked, or closed by its own timer), not a fixed pause.
    const slid = Date.now() + 2_000;
    while ((await close.count()) >= open && Date.now() < slid) await page.waitForTimeout(50);
  }
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const OUT = path.resolve(__dirname, '../../test-output/console');

export class ConsoleWalk {
  readonly problems: string[] = [];
  private expected: { status: number; url: RegExp }[] = [];
  private allowed: { status: number; url: RegExp }[] = [];
  private shots = 0;
  private closing = false;

  private constructor(
    readonly page: Page,
    readonly base: string,
    readonly name: string,
  ) {}

  static async open(
    browser: Browser,
    base: string,
    name: string,
    viewport = { width: 1366, height: 768 },
  ): Promise<ConsoleWalk> {
    const context = await browser.newContext({
      viewport,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const walk = new ConsoleWalk(await context.newPage(), base, name);
    mkdirSync(path.join(OUT, name), { recursive: true });
    walk.watch();
    return walk;
  }

  /** An error answer the walk provokes on purpose (a refused claim, a wrong password). */
  expectStatus(status: number, url: RegExp): void {
    this.expected.push({ status, url });
  }

  /**
   * An error answer that may come any number of times from here on: a request the browser
   * repeats on its own schedule (EventSource reconnecting, a list refetched on focus).
   */
  allowStatus(status: number, url: RegExp): void {
    this.allowed.push({ status, url });
  }

  private watch(): void {
    this.page.on('console', (m) => {
      if (m.type() !== 'error') return;
      // The browser logs every 4xx it receives; those are judged by the response rule below.
      if (/Failed to load resource: the server responded with a status of/.test(m.text())) return;
      this.problems.push(`console error: ${m.text()}`);
    });
    this.page.on('pageerror', (e) => this.problems.push(`page error: ${e.message}`));
    this.page.on('requestfailed', (r) => {
      // Navigating away or closing ends the live notification stream: that is not a failure.
      if (this.closing || /notifications\/stream/.test(r.url())) return;
      this.problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
    });
    this.page.on('response', (r: Response) => {
      if (r.status() < 400) return;
      if (this.allowed.some((e) => e.status === r.status() && e.url.test(r.url()))) return;
      const i = this.expected.findIndex((e) => e.status === r.status() && e.url.test(r.url()));
      if (i >= 0) this.expected.splice(i, 1);
      else this.problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
    });
  }

  async goto(pathUnderConsole: string): Promise<void> {
    await this.page.goto(`${this.base}/console${pathUnderConsole}`);
  }

  async signIn(username: string, password = DEMO_PASSWORD): Promise<void> {
    await this.goto('/');
    await this.page.getByLabel(/用户名/).fill(username);
    await this.page.getByLabel(/密码/).fill(password);
    await this.page.getByRole('button', { name: /登\s*录/ }).click();
    await this.page.getByTestId('who').waitFor();
  }

  async shot(label: string): Promise<void> {
    const n = String(++this.shots).padStart(2, '0');
    await this.page.screenshot({
      path: path.join(OUT, this.name, `${n}-${label}.png`),
      fullPage: true,
    });
  }

  /** axe-core on the page as it stands: serious and critical violations, one line each. */
  async accessibilityProblems(): Promise<string[]> {
    // Evaluated over the DevTools protocol, which the console's CSP (script-src 'self') does not
    // govern: an injected <script> would be refused, as it should be.
    if (!(await this.page.evaluate('typeof window.axe === "object"')))
      await this.page.evaluate(AXE_SOURCE);
    // A string: this file is compiled without the DOM library, the code runs in the page.
    const violations = (await this.page.evaluate(`(async () => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      }));
    })()`)) as { id: string; impact: string; help: string; targets: string[] }[];
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.targets.join(', ')}`);
  }

  /** Scans the page and records what axe finds among the walk's problems. */
  async scan(label: string): Promise<void> {
    for (const p of await this.accessibilityProblems())
      this.problems.push(`a11y on ${label}: ${p}`);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.page.context().close();
  }
}

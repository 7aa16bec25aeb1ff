import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isolatedRun } from '../support/isolated-run';
import { DEMO_API_KEY, DEMO_PASSWORD, freePort, startSystem, System } from '../support/system';
import { parseTour, Tour, tourSections } from '../support/readme-tours';

/**
 * Every command of every README tour, run exactly as written against this run's system: the only
 * change is the address (http://127.0.0.1:3000 and DIMSE port 11112 become the test gateway's). The tours run in a
 * folder of their own holding `.run/secrets.env` with this run's secrets (and links to the
 * project's package.json, dist and node_modules, so `npm run` works as it does in a checkout).
 *
 * What the README promises is checked: every curl answers 2xx unless its line says `# → <status>`,
 * and a line ending `# → <text>` prints that text (`A then B`: both, in order).
 */
const ROOT = path.resolve(__dirname, '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('README tours, run as written', () => {
  let sys: System;
  let iso: { cleanup: () => Promise<void> };
  let work: string;
  let dimsePort: number;

  beforeAll(async () => {
    iso = await isolatedRun('readmetours');
    dimsePort = await freePort();
    sys = await startSystem({ DIMSE_PORT: String(dimsePort), DIMSE_AE_TITLE: 'CMC' });
    work = mkdtempSync(path.join(tmpdir(), 'cmc-tour-'));
    mkdirSync(path.join(work, '.run'));
    writeFileSync(
      path.join(work, '.run/secrets.env'),
      `DEMO_PASSWORD=${DEMO_PASSWORD}\nDEMO_API_KEY=${DEMO_API_KEY}\n`,
    );
    for (const name of ['package.json', 'dist', 'node_modules'])
      symlinkSync(path.join(ROOT, name), path.join(work, name));
  }, 180_000);

  afterAll(async () => {
    await sys?.stop();
    await iso?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  // A DEBUG trap does not reach into a sourced file, so the prelude goes in front of the tour
  // in one script, and line numbers are counted from the tour's first line.
  const PRELUDE = readFileSync(path.join(ROOT, 'test/support/readme-tour-prelude.sh'), 'utf8');
  const OFFSET = PRELUDE.split('\n').length - 1;

  function run(tour: Tour) {
    const script = path.join(work, 'tour.sh');
    const statusLog = path.join(work, 'statuses.log');
    const tourText = tour.script
      .replaceAll('http://127.0.0.1:3000', sys.url)
      .replaceAll('127.0.0.1 11112', `127.0.0.1 ${dimsePort}`);
    writeFileSync(script, PRELUDE + tourText);
    writeFileSync(statusLog, '');
    const res = spawnSync('bash', [script], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, TOUR_STATUS_LOG: statusLog },
      timeout: 120_000,
    });
    return { res, statuses: readFileSync(statusLog, 'utf8') };
  }

  const sections = tourSections(README);

  it('finds the five tours and what they promise', () => {
    expect(sections.map((t) => t.title)).toEqual([
      'A tour with curl',
      'Tour: a two-way referral',
      'Tour: remote diagnosis (基层检查、上级诊断)',
      'Tour: DICOMweb and the OHIF viewer',
      'Tour: a modality over DICOM (C-STORE and the worklist)',
    ]);
  });

  // The first tour is a shell of its own; the others continue in one shell, as the README says.
  const shells = [[sections[0]], sections.slice(1)].map((group) =>
    parseTour(group, group.map((t) => t.title).join(' + ')),
  );

  it.each(shells.map((t) => [t.name, t] as const))('%s', (_name, tour) => {
    const { res, statuses } = run(tour);
    // Kept for reading a broken promise against what the tour printed.
    const out = path.join(ROOT, 'test-output/readme-tours');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, `${tour.name.slice(0, 40)}.log`), `${res.stdout}\n${res.stderr}`);
    const where = (line: number) => `README line ${tour.readmeLine(line)}`;
    if (res.status !== 0)
      throw new Error(`the tour stopped (exit ${res.status}):\n${res.stderr}\n${res.stdout}`);

    const outputByLine = new Map<number, string>();
    const chunks = res.stdout.split(/\n@@LINE (\d+)\n/);
    for (let i = 1; i < chunks.length; i += 2) {
      const line = Number(chunks[i]) - OFFSET;
      outputByLine.set(line, (outputByLine.get(line) ?? '') + chunks[i + 1]);
    }

    const calls = statuses
      .trim()
      .split('\n')
      .map((entry) => entry.split(' ').map(Number))
      .map(([line, status]) => [line - OFFSET, status]);
    expect(calls.length).toBeGreaterThan(5);
    expect(tour.expectations.size).toBeGreaterThan(0);
    const broken: string[] = [];
    const statusPromised = (line: number) => {
      const texts = tour.expectations.get(line);
      return texts?.length === 1 && /^\d{3}$/.test(texts[0]) ? Number(texts[0]) : undefined;
    };
    for (const [line, status] of calls) {
      const promised = statusPromised(line);
      const ok = promised ? status === promised : status >= 200 && status < 300;
      if (!ok) broken.push(`${where(line)}: HTTP ${status}, expected ${promised ?? '2xx'}`);
    }
    for (const [line, texts] of tour.expectations) {
      if (statusPromised(line)) {
        if (!calls.some(([l]) => l === line)) broken.push(`${where(line)}: no request was sent`);
        continue;
      }
      const output = outputByLine.get(line) ?? '';
      let from = 0;
      for (const text of texts) {
        const at = output.indexOf(text, from);
        if (at < 0) {
          broken.push(
            `${where(line)}: expected ${JSON.stringify(text)}, printed ${JSON.stringify(output.trim())}`,
          );
          break;
        }
        from = at + text.length;
      }
    }
    expect(broken).toEqual([]);
  });
});

import { execFile } from 'node:child_process';
import path from 'node:path';
import { sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { blobDir, freePort, startSystem, System } from '../support/system';
import { testEnv } from '../support/test-env';

/**
 * Issue 16 item 4: a smoke run of bench/dimse keeps the benchmark working. BENCH_SMOKE=1 (a
 * tiny corpus, 1 s a side, one round) against a system started here, with a calling AE title
 * the demo data does not have, so the bench registers it through the admin API. No timing is
 * asserted: only that both sides stored something, nothing failed, and the bench cleaned up.
 */
const BENCH = path.resolve(__dirname, '../../dist/bench/dimse/main.js');
/** dcmtk's root for the UIDs storescu invents (+II): every study the bench sent has one. */
const DCMTK_ROOT = '1.2.276.0.7230010.3.';

interface Side {
  instances: number;
  seconds: number;
  perSecond: number;
  failures: number;
}
interface Report {
  bench: string;
  settings: { callingAe: { modality: string } };
  studiesSent: { ours: number; orthanc: number };
  rounds: { ours: Side; orthanc: Side; ratio: number }[];
  medianRatio: number;
  target: number;
  met: boolean;
  notes: string[];
}

function runBench(
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BENCH],
      { env: { ...process.env, ...env }, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
      (error, out, err) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err }),
    );
  });
}

// Debian's Orthanc is the reference: `npm test` installs it (scripts/infra.sh --test).

describe('bench:dimse smoke run (BENCH_SMOKE=1)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let dimsePort: number;

  beforeAll(async () => {
    isolation = await isolatedRun('benchdimse');
    dimsePort = await freePort();
    sys = await startSystem({ DIMSE_PORT: String(dimsePort), DIMSE_AE_TITLE: 'CMC' });
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('sends to our DIMSE listener and to Orthanc and prints the JSON report', async () => {
    const run = await runBench({
      BENCH_SMOKE: '1',
      BENCH_URL: sys.url,
      BENCH_DIMSE_PORT: String(dimsePort),
      BENCH_DIMSE_AE: 'CMC',
      BENCH_CALLING_AE: 'BENCH_SMOKE',
      DATABASE_URL: testEnv().DATABASE_URL,
      BLOB_DIR: blobDir(),
    });
    // The bench's stderr rides along, so a failure shows why.
    expect({ code: run.code, err: run.err.slice(-2000) }).toEqual({
      code: 0,
      err: expect.any(String),
    });
    const report = JSON.parse(run.out) as Report;
    expect(report.bench).toBe('dimse');
    expect(report.settings.callingAe.modality).toBe('registered');
    expect(report.rounds).toHaveLength(1);
    expect(report.studiesSent.ours).toBeGreaterThan(0);
    for (const side of [report.rounds[0].ours, report.rounds[0].orthanc]) {
      expect(side.instances).toBeGreaterThan(0);
      expect(side.failures).toBe(0);
      expect(side.perSecond).toBeGreaterThan(0);
    }
    expect(report.rounds[0].ratio).toBeGreaterThan(0);
    expect(typeof report.met).toBe('boolean');

    // What the bench stored through the gateway is gone again.
    const [left] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM diagnosis.studies WHERE study_instance_uid LIKE $1`,
      [`${DCMTK_ROOT}%`],
    );
    expect(left.n).toBe(0);
  });
});

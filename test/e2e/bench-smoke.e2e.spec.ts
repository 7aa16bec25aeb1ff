import { execFile } from 'node:child_process';
import path from 'node:path';
import { sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { blobDir, startSystem, System } from '../support/system';
import { testEnv } from '../support/test-env';

/**
 * Issue 16 item 4: a smoke run of every HTTP/event benchmark (bench:dimse has its own spec)
 * keeps them working as the code moves. BENCH_SMOKE=1 means one round of about a second a
 * side on a tiny corpus, against a system started here. No timing is asserted: only that each
 * bench exits 0, prints its JSON report with the rounds and median ratios, measured something
 * on every side, and removed what it stored.
 */
const dist = (bench: string) => path.resolve(__dirname, `../../dist/bench/${bench}/main.js`);

interface Round {
  round: number;
  order: string[];
  sides: Record<string, Record<string, unknown>>;
  ratios: Record<string, number>;
}

function runBench(
  bench: string,
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [dist(bench)],
      { env: { ...process.env, ...env }, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
      (error, out, err) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err }),
    );
  });
}

/** Exit 0 and a parseable report; the bench's stderr rides along so a failure shows why. */
async function report(bench: string, env: Record<string, string>) {
  const run = await runBench(bench, { BENCH_SMOKE: '1', ...env });
  if (run.code !== 0) throw new Error(`${bench} exited ${run.code}:\n${run.err.slice(-3000)}`);
  return JSON.parse(run.out);
}

function expectOneRound(
  rounds: { rounds: Round[]; medianRatios: Record<string, number> },
  sides: string[],
) {
  expect(rounds.rounds).toHaveLength(1);
  expect(Object.keys(rounds.rounds[0].sides).sort()).toEqual([...sides].sort());
  for (const ratio of Object.values(rounds.medianRatios)) expect(ratio).toBeGreaterThan(0);
}

describe('benchmark smoke runs (BENCH_SMOKE=1)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    isolation = await isolatedRun('benchsmoke');
    sys = await startSystem({ RATE_LIMIT_PER_MINUTE: '100000000' });
    const { DATABASE_URL, NATS_URL } = testEnv();
    env = { BENCH_URL: sys.url, DATABASE_URL, NATS_URL, BLOB_DIR: blobDir() };
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('bench:referrals runs the flow beside the bare pipeline and the stack floor, and still books no slot twice', async () => {
    const out = await report('referrals', env);
    expect(out.benchmark).toBe('referrals');
    expectOneRound(out.throughput, ['gateway', 'barePipeline', 'stackFloor']);
    const round: Round = out.throughput.rounds[0];
    for (const side of ['gateway', 'stackFloor']) {
      expect(round.sides[side].requests).toBeGreaterThan(0);
      expect(round.sides[side].errors).toBe(0);
    }
    const floorTables = await sql(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'bench' AND tablename LIKE 'floor%'`,
    );
    expect(floorTables).toEqual([]);
    expect(out.throughput.errors).toBe(0);
    expect(out.contention).toMatchObject({ succeeded: 50, overbookedSlots: 0, correct: true });
  });

  it('bench:ingest stores through the gateway (single and STOW-RS) and Orthanc, then cleans up', async () => {
    const out = await report('intake', env);
    expect(out.benchmark).toBe('intake');
    expectOneRound(out.upload, ['gateway', 'gatewayBatched', 'orthanc']);
    for (const side of Object.values(out.upload.rounds[0].sides) as Record<string, number>[]) {
      expect(side.instances).toBeGreaterThan(0);
      expect(side.errors).toBe(0);
    }
    expect(out.hugeInstances).toMatchObject({ concurrent: 2, stored: 2, refusals: [] });
    expect(out.claimNext.claims).toBeGreaterThan(0);
    expect(out.claimNext.errors).toBe(0);
    const [left] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM diagnosis.studies WHERE study_instance_uid LIKE '1.2.826.0.1.3680043.10.9.%'`,
    );
    expect(left.n).toBe(0);
  });

  it('bench:dicomweb stores, searches and fetches frames on both servers', async () => {
    const out = await report('dicomweb', env);
    expect(out.benchmark).toBe('dicomweb');
    expect(out.stow.gateway.errors).toBe(0);
    expectOneRound(out.qido, ['gateway', 'orthanc']);
    expectOneRound(out.frames, ['gateway', 'orthanc']);
    const [left] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM diagnosis.studies WHERE study_instance_uid LIKE '1.2.826.0.1.3680043.10.13.%'`,
    );
    expect(left.n).toBe(0);
  });

  it('bench:events times the relay beside the old poller and drops its schema', async () => {
    const out = await report('events', env);
    expect(out.benchmark).toBe('events');
    expectOneRound(out, ['reference', 'project']);
    const schemas = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'bench_events_%'`,
    );
    expect(schemas[0].n).toBe(0);
  });
});

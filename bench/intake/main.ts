import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { call, round } from '../lib/load';
import { removeUploads } from '../lib/remove-uploads';
import { demoPassword } from '../lib/secrets';
import { BASE, BLOB_DIR, DATABASE_URL, num, requireRunningSystem } from '../lib/system';
import { alternatingRounds, ratioOf, roundsSettings, SMOKE } from '../lib/rounds';
import { claimLatency } from './claims';
import { hugeInstance } from './corpus';
import { RunningOrthanc, startOrthanc } from './orthanc';
import { findPid, RssSampler } from './rss';
import { StampSequence, stampedCorpus } from './stamped-corpus';
import { MULTIPART_TYPE, post, TimedUpload, uploadFor } from './timed-upload';

/**
 * bench/intake — run against the started system (README: Benchmarks):
 *  (a) a generated corpus (512×512 16-bit CT slices and 12-lead ECGs, UIDs stamped fresh for
 *      every send) uploaded for BENCH_SECONDS per side by BENCH_CLIENTS clients: the gateway one
 *      instance per request, the gateway as STOW-RS batches, and Debian's Orthanc (REST
 *      /instances) started beside it, over BENCH_ROUNDS rounds in rotating order; instances/s,
 *      MB/s and peak RSS of each side in each round, and the median ratios to Orthanc;
 *  (b) BENCH_BIG_COUNT (8) instances of BENCH_BIG_BYTES (1 GiB) through the gateway at once,
 *      with the gateway's peak RSS (target < 300 MB);
 *  (c) claim-next latency with 100,000 studies queued and 10 readers.
 * Prints one JSON document.
 */
const SETTINGS = roundsSettings(10);
const CT_COUNT = SMOKE ? 4 : num('BENCH_CT_COUNT', 300);
const ECG_COUNT = SMOKE ? 2 : num('BENCH_ECG_COUNT', 60);
const CLIENTS = num('BENCH_CLIENTS', 4);
const WARMUP_SECONDS = SMOKE ? 1 : num('BENCH_WARMUP_SECONDS', 3);
const PER_BATCH = SMOKE ? 3 : num('BENCH_PER_BATCH', 20);
const BIG_BYTES = SMOKE ? 8 * 2 ** 20 : num('BENCH_BIG_BYTES', 1024 ** 3);
const BIG_COUNT = SMOKE ? 2 : num('BENCH_BIG_COUNT', 8);
const QUEUED = SMOKE ? 200 : num('BENCH_QUEUED', 100_000);
const READERS = SMOKE ? 2 : num('BENCH_READERS', 10);
const CLAIM_SECONDS = SMOKE ? 1 : num('BENCH_CLAIM_SECONDS', 15);
const api = (p: string) => `${BASE}/api/v1${p}`;

function servicePids(): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const app of ['gateway', 'referral', 'remote-diagnosis']) {
    let pid: number | null;
    try {
      pid = Number(readFileSync(path.join('.run', `${app}.pid`), 'utf8').trim());
    } catch {
      pid = findPid(`dist/apps/${app}/src/main.js`);
    }
    if (pid) pids[app] = pid;
  }
  return pids;
}

type Side = TimedUpload & { peakRssMb: Record<string, number> };

/** A side that samples its server processes' RSS while it sends. */
async function measured(pids: Record<string, number>, send: () => Promise<TimedUpload>) {
  const rss = new RssSampler(pids).start();
  const result = await send();
  return { ...result, peakRssMb: rss.stop() } as Side;
}

async function main(): Promise<void> {
  await requireRunningSystem();
  const run = String(Date.now());
  const uidPrefix = `1.2.826.0.1.3680043.10.9.${run}.`;
  const work = await mkdtemp(path.join(tmpdir(), 'cmc-bench-intake-'));
  const db = new Pool({ connectionString: DATABASE_URL, max: 2 });
  const pids = servicePids();
  let orthanc: RunningOrthanc | null = null;
  try {
    const token = (
      await call(api('/auth/token'), {
        method: 'POST',
        body: { username: 'pj.doctor', password: demoPassword() },
      })
    ).body.accessToken;
    const corpus = stampedCorpus(uidPrefix.slice(0, -1), CT_COUNT, ECG_COUNT);
    const auth = { authorization: `Bearer ${token}` };
    const dicom = { 'content-type': 'application/dicom' };
    orthanc = await startOrthanc(path.join(work, 'orthanc'));
    const orthancUrl = `${orthanc.url}/instances`;
    const gatewayUrl = api('/studies/instances');
    // Each side and round stamps its own UIDs (StampSequence): nobody re-sends a stored instance.
    const sequence = (side: number, roundNumber: number) =>
      new StampSequence(corpus, 10_000_000 + (side * 10 + roundNumber) * 100_000);
    const sides = {
      gateway: (r: number, seconds = SETTINGS.seconds) =>
        measured(pids, () =>
          uploadFor({
            url: gatewayUrl,
            seconds,
            clients: CLIENTS,
            headers: { ...auth, ...dicom },
            ok: [201],
            sequence: sequence(1, r),
          }),
        ),
      gatewayBatched: (r: number, seconds = SETTINGS.seconds) =>
        measured(pids, () =>
          uploadFor({
            url: gatewayUrl,
            seconds,
            clients: CLIENTS,
            headers: { ...auth, 'content-type': MULTIPART_TYPE },
            ok: [200],
            sequence: sequence(2, r),
            perRequest: PER_BATCH,
          }),
        ),
      orthanc: (r: number, seconds = SETTINGS.seconds) =>
        measured({ orthanc: orthanc!.pid }, () =>
          uploadFor({
            url: orthancUrl,
            seconds,
            clients: CLIENTS,
            headers: dicom,
            ok: [200],
            sequence: sequence(3, r),
          }),
        ),
    };
    // Round 0 warms both servers (JIT, caches, connection pools) and is not reported.
    for (const warm of Object.values(sides)) await warm(0, WARMUP_SECONDS);
    const upload = await alternatingRounds<Side>(SETTINGS, sides, [
      {
        name: 'gateway/orthanc',
        value: (s) => ratioOf(s.gateway.perSecond, s.orthanc.perSecond),
      },
      {
        name: 'gatewayBatched/orthanc',
        value: (s) => ratioOf(s.gatewayBatched.perSecond, s.orthanc.perSecond),
      },
    ]);
    await orthanc.stop();
    orthanc = null;
    const failures = upload.rounds.reduce(
      (n, r) => n + Object.values(r.sides).reduce((m, side) => m + side.errors, 0),
      0,
    );

    // (b) huge instances at once; the gateway must stream them, not hold them.
    const hugeBefore = new RssSampler({ gateway: pids.gateway }).start().stop().gateway ?? null;
    const hugeRss = new RssSampler({ gateway: pids.gateway }).start();
    const hugeAgent = new http.Agent({ keepAlive: false });
    const hugeStarted = performance.now();
    const hugeAnswers = await Promise.all(
      Array.from({ length: BIG_COUNT }, (_, i) =>
        post(
          gatewayUrl,
          hugeAgent,
          { ...auth, 'content-type': 'application/dicom' },
          hugeInstance(run, i, BIG_BYTES),
        ).catch((error: Error) => ({ status: 0, body: error.message })),
      ),
    );
    const hugeSeconds = (performance.now() - hugeStarted) / 1000;
    const hugePeak = hugeRss.stop().gateway ?? null;
    const hugeStored = hugeAnswers.filter((a) => a.status === 201).length;
    const hugeBytes = hugeInstance(run, 0, BIG_BYTES).length;

    // (c) claim-next with a deep queue.
    const claims = await claimLatency({
      api,
      db,
      run,
      queued: QUEUED,
      readers: READERS,
      seconds: CLAIM_SECONDS,
    });

    const single = upload.medianRatios['gateway/orthanc'];
    const batched = upload.medianRatios['gatewayBatched/orthanc'];
    const result = {
      benchmark: 'intake',
      at: new Date().toISOString(),
      smoke: SMOKE,
      settings: {
        ...SETTINGS,
        clients: CLIENTS,
        perBatch: PER_BATCH,
        warmupSecondsEachSide: WARMUP_SECONDS,
      },
      corpus: { ct: corpus.ct, ecg: corpus.ecg, megabytes: round(corpus.bytes / 1e6) },
      upload: {
        ...upload,
        failures,
        targets: {
          'gateway/orthanc': 'one instance per request each side: median ratio ≥ 1.0',
          'gatewayBatched/orthanc': `STOW-RS batches of ${PER_BATCH} vs Orthanc per request: median ratio ≥ 2.0`,
        },
        met: { single: single >= 1 && failures === 0, batched: batched >= 2 && failures === 0 },
      },
      hugeInstances: {
        concurrent: BIG_COUNT,
        bytesEach: hugeBytes,
        stored: hugeStored,
        refusals: hugeAnswers.filter((a) => a.status !== 201).map((a) => a.body.slice(0, 200)),
        seconds: round(hugeSeconds),
        megabytesPerSecond: round((hugeStored * hugeBytes) / 1e6 / hugeSeconds),
        gatewayRssBeforeMb: hugeBefore,
        gatewayPeakRssMb: hugePeak,
        gatewayRssGrowthMb:
          hugeBefore !== null && hugePeak !== null ? round(hugePeak - hugeBefore) : null,
        target: `gateway RSS < 300 MB with ${BIG_COUNT} uploads at once`,
        met: hugeStored === BIG_COUNT && hugePeak !== null && hugePeak < 300,
        hint:
          hugeStored < BIG_COUNT
            ? 'start the system with MAX_INSTANCE_BYTES=2147483648 or more'
            : undefined,
      },
      claimNext: { ...claims, target: 'p99 < 20 ms', met: claims.latencyMs.p99 < 20 },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await orthanc?.stop().catch(() => undefined);
    await removeUploads(db, BLOB_DIR, uidPrefix).catch((e) => console.error('cleanup:', e));
    await db.end();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

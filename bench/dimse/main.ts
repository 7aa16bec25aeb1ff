import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { generateCorpus } from '../intake/corpus';
import { RunningOrthanc, startOrthanc } from '../intake/orthanc';
import { call, round } from '../lib/load';
import { median, ratioOf } from '../lib/rounds';
import { removeUploads } from '../lib/remove-uploads';
import { demoPassword } from '../lib/secrets';
import { BASE, BLOB_DIR, DATABASE_URL, num, requireRunningSystem } from '../lib/system';
import { ensureModality } from './modality';
import { deal, echo, Peer, sendFor, SideResult, STORESCU_OPTIONS, TCP_NODELAY } from './storescu';

/**
 * bench/dimse — against the started system (README: Benchmarks): dcmtk's storescu sends the
 * bench corpus (512×512 16-bit CT slices and 12-lead ECGs, as bench/intake generates it) by
 * C-STORE to the gateway's DIMSE listener and to Debian's Orthanc DICOM port, started by this
 * process on the same machine. BENCH_CLIENTS storescu processes in parallel, each sending its
 * share in one association and starting again until BENCH_SECONDS are up; the sides alternate
 * over BENCH_ROUNDS rounds after one untimed send to each (warm-up). Prints one JSON document:
 * instances/s of each side in each round, the ratio ours ÷ Orthanc, and its median.
 * BENCH_SMOKE=1: a tiny corpus, 1 s a side, one round — proves it runs, measures nothing.
 */
const SMOKE = process.env.BENCH_SMOKE === '1';
const SECONDS = num('BENCH_SECONDS', SMOKE ? 1 : 10);
const ROUNDS = num('BENCH_ROUNDS', SMOKE ? 1 : 3);
const CLIENTS = num('BENCH_CLIENTS', 4);
const CT_COUNT = num('BENCH_CT_COUNT', SMOKE ? 8 : 300);
const ECG_COUNT = num('BENCH_ECG_COUNT', SMOKE ? 4 : 60);
const SETTLE_MS = num('BENCH_SETTLE_MS', SMOKE ? 0 : 3000);
const DIMSE_HOST = process.env.BENCH_DIMSE_HOST ?? '127.0.0.1';
const DIMSE_PORT = num('BENCH_DIMSE_PORT', 11112);
const DIMSE_AE = process.env.BENCH_DIMSE_AE ?? 'CMC';
const CALLING_AE = process.env.BENCH_CALLING_AE ?? 'PJ_DEMO_CT';
const INSTITUTION = process.env.BENCH_INSTITUTION ?? '屏锦中心卫生院';
const ADMIN = process.env.BENCH_ADMIN ?? 'rm.admin';
const ORTHANC_AE = 'ORTHANC';
const TARGET = 1.0;

type Side = 'ours' | 'orthanc';
interface Round {
  order: Side[];
  ours: SideResult;
  orthanc: SideResult;
  ratio: number;
}

/** dcmtk is the client for both sides: without it there is nothing to measure. */
function requireDcmtk(): void {
  try {
    execFileSync('storescu', ['--version'], { stdio: 'ignore' });
  } catch {
    console.error('dcmtk is missing: apt-get install dcmtk (npm run bench:dimse does)');
    process.exit(2);
  }
}

async function adminToken(): Promise<string> {
  const login = await call(
    `${BASE}/api/v1/auth/token`,
    { method: 'POST', body: { username: ADMIN, password: demoPassword() } },
    [200],
  );
  return (login.body as { accessToken: string }).accessToken;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  await requireRunningSystem();
  requireDcmtk();
  const run = String(Date.now());
  // storescu invents the studies it sends (STORESCU_OPTIONS): what the gateway stored is
  // removed by the Study Instance UIDs storescu reported; Orthanc's storage goes with it.
  const ourStudies = new Set<string>();
  const work = await mkdtemp(path.join(tmpdir(), 'cmc-bench-dimse-'));
  const db = new Pool({ connectionString: DATABASE_URL, max: 2 });
  let orthanc: RunningOrthanc | null = null;
  try {
    const modality = await ensureModality({
      base: BASE,
      token: await adminToken(),
      aeTitle: CALLING_AE,
      institution: INSTITUTION,
    });
    const ours: Peer = {
      host: DIMSE_HOST,
      port: DIMSE_PORT,
      calledAe: DIMSE_AE,
      callingAe: CALLING_AE,
    };
    const hello = await echo(ours);
    if (!hello.ok) {
      console.error(
        `C-ECHO to ${DIMSE_AE}@${DIMSE_HOST}:${DIMSE_PORT} as ${CALLING_AE} failed: ${hello.output}\n` +
          'Start the gateway with DIMSE_PORT set (npm start sets 11112, AE title CMC), or set ' +
          'BENCH_DIMSE_PORT and BENCH_DIMSE_AE.',
      );
      process.exitCode = 2;
      return;
    }
    const corpus = await generateCorpus(path.join(work, 'corpus'), run, CT_COUNT, ECG_COUNT);
    orthanc = await startOrthanc(path.join(work, 'orthanc'), {
      dicom: { aeTitle: ORTHANC_AE, tcpNoDelay: TCP_NODELAY },
    });
    if (orthanc.dicomPort === null) throw new Error('Orthanc started without its DICOM port');
    const version = ((await call(`${orthanc.url}/system`, {}, [200])).body as { Version: string })
      .Version;
    const peers: Record<Side, Peer> = {
      ours,
      orthanc: { ...ours, host: '127.0.0.1', port: orthanc.dicomPort, calledAe: ORTHANC_AE },
    };
    const shares = deal(corpus.files, CLIENTS);

    // The same untimed send to each first (JIT, caches, pools, Orthanc's SQLite), one at a time.
    const theirStudies = new Set<string>();
    const studiesOf: Record<Side, Set<string>> = { ours: ourStudies, orthanc: theirStudies };
    const warmup = {
      ours: await sendFor(peers.ours, shares, 0, ourStudies),
      orthanc: await sendFor(peers.orthanc, shares, 0, theirStudies),
    };
    const rounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate who goes first, so neither side always runs on a machine the other just warmed
      // (or left busy: the gateway publishes events after each study).
      const order: Side[] = r % 2 === 0 ? ['ours', 'orthanc'] : ['orthanc', 'ours'];
      const results: Partial<Record<Side, SideResult>> = {};
      for (const side of order) {
        await pause(SETTLE_MS);
        results[side] = await sendFor(peers[side], shares, SECONDS, studiesOf[side]);
      }
      const { ours: o, orthanc: t } = results;
      if (!o || !t) throw new Error('a side did not run');
      rounds.push({ order, ours: o, orthanc: t, ratio: ratioOf(o.perSecond, t.perSecond) });
    }

    const medianRatio = median(rounds.map((r) => r.ratio));
    const failures = [warmup.ours, warmup.orthanc, ...rounds.flatMap((r) => [r.ours, r.orthanc])]
      .map((s) => s.failures)
      .reduce((a, b) => a + b, 0);
    const result = {
      bench: 'dimse',
      at: new Date().toISOString(),
      settings: {
        url: BASE,
        ours: { host: DIMSE_HOST, port: DIMSE_PORT, calledAe: DIMSE_AE },
        orthanc: { version, calledAe: ORTHANC_AE, port: orthanc.dicomPort },
        callingAe: { aeTitle: CALLING_AE, institution: INSTITUTION, modality },
        clients: CLIENTS,
        secondsEach: SECONDS,
        rounds: ROUNDS,
        settleMs: SETTLE_MS,
        smoke: SMOKE,
        corpus: {
          ct: corpus.ct,
          ecg: corpus.ecg,
          instances: corpus.files.length,
          megabytes: round(corpus.bytes / 1e6),
        },
        storescu: STORESCU_OPTIONS.join(' '),
        tcpNoDelay: TCP_NODELAY,
      },
      warmup,
      studiesSent: { ours: ourStudies.size, orthanc: theirStudies.size },
      rounds,
      medianRatio,
      target: TARGET,
      met: medianRatio >= TARGET && failures === 0,
      notes: [
        ...(SMOKE ? ['BENCH_SMOKE: a tiny corpus and 1 s a side; the figures mean nothing'] : []),
        ...(failures ? [`${failures} instances were not acknowledged: see failureSamples`] : []),
        'ratio = our instances/s ÷ Orthanc’s in the same round; target: median ≥ 1 with no failures',
        'Every association is a new study (storescu +II invents patient, study, series and SOP ' +
          'Instance UIDs), so both servers store new instances in every round instead of ' +
          'skipping re-sends of known ones; the pixel data and the rest are the corpus’s.',
        'A side’s clock runs until its last association ends, so it runs slightly over ' +
          `${SECONDS} s; each storescu process is one association, as a modality sends.`,
        TCP_NODELAY
          ? 'TCP_NODELAY=1 for storescu and Orthanc (dcmtk as Debian builds it leaves Nagle on: ' +
            'every C-STORE then waits ~40 ms for a delayed ACK, which measures TCP, not the ' +
            'servers; the gateway sets no-delay on its DIMSE sockets itself)'
          : 'BENCH_TCP_NODELAY=0: dcmtk’s default, Nagle on for storescu and Orthanc',
        'Ours is the started system (gateway, PostgreSQL, blob store); Orthanc is this ' +
          'process’s child with throw-away SQLite index and storage, on the same machine.',
      ],
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await orthanc?.stop().catch((e) => console.error('orthanc:', e));
    for (const uid of ourStudies)
      await removeUploads(db, BLOB_DIR, uid).catch((e) => console.error('cleanup:', e));
    await db.end();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

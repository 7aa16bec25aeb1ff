import { readFileSync } from 'node:fs';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { call, round } from '../lib/load';
import { removeUploads } from '../lib/remove-uploads';
import { demoPassword } from '../lib/secrets';
import { BASE, BLOB_DIR, DATABASE_URL, num, requireRunningSystem } from '../lib/system';
import { claimLatency } from './claims';
import { generateCorpus, generateHuge } from './corpus';
import { startOrthanc } from './orthanc';
import { findPid, RssSampler } from './rss';
import { uploadAll, uploadBatches } from './upload';

/**
 * bench/intake — run against the started system (README: Benchmarks):
 *  (a) a generated corpus (512×512 16-bit CT slices and 12-lead ECGs) uploaded through the
 *      gateway by 4 parallel clients, then the same files into Debian's Orthanc (REST
 *      /instances) in the same run; instances/s, MB/s, the ratio, and each process's peak RSS;
 *  (b) one 1 GiB instance through the gateway, with the gateway's peak RSS (target < 300 MB);
 *  (c) claim-next latency with 100,000 studies queued and 10 readers.
 * Prints one JSON document.
 */
const CT_COUNT = num('BENCH_CT_COUNT', 300);
const ECG_COUNT = num('BENCH_ECG_COUNT', 60);
const CLIENTS = num('BENCH_CLIENTS', 4);
const WARMUP = num('BENCH_WARMUP', 300);
const PER_BATCH = num('BENCH_PER_BATCH', 20);
const BIG_BYTES = num('BENCH_BIG_BYTES', 1024 ** 3);
const QUEUED = num('BENCH_QUEUED', 100_000);
const READERS = num('BENCH_READERS', 10);
const SECONDS = num('BENCH_SECONDS', 15);
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

async function main(): Promise<void> {
  await requireRunningSystem();
  const run = String(Date.now());
  const uidPrefix = `1.2.826.0.1.3680043.10.9.${run}.`;
  const work = await mkdtemp(path.join(tmpdir(), 'cmc-bench-intake-'));
  const db = new Pool({ connectionString: DATABASE_URL, max: 2 });
  const pids = servicePids();
  try {
    const token = (
      await call(api('/auth/token'), {
        method: 'POST',
        body: { username: 'pj.doctor', password: demoPassword() },
      })
    ).body.accessToken;
    const corpus = await generateCorpus(path.join(work, 'corpus'), run, CT_COUNT, ECG_COUNT);

    // Both servers get the same warm-up (JIT, caches, connection pools) before they are timed.
    const warmup = await generateCorpus(path.join(work, 'warmup'), `${run}.5`, WARMUP, 0);
    const dicom = { 'content-type': 'application/dicom' };
    const asClinic = { authorization: `Bearer ${token}`, ...dicom };

    // (a) the gateway, then Orthanc, on the same files with the same clients.
    await uploadAll(api('/studies/instances'), warmup.files, CLIENTS, asClinic, [200, 201]);
    const gatewayRss = new RssSampler(pids).start();
    const gateway = await uploadAll(
      api('/studies/instances'),
      corpus.files,
      CLIENTS,
      asClinic,
      [200, 201],
    );
    const gatewayPeaks = gatewayRss.stop();
    // The same files again as STOW-RS batches (new UIDs: a re-send would be a no-op).
    const batchCorpus = await generateCorpus(
      path.join(work, 'batch'),
      `${run}.6`,
      CT_COUNT,
      ECG_COUNT,
    );
    const batched = await uploadBatches(
      api('/studies/instances'),
      batchCorpus.files,
      CLIENTS,
      PER_BATCH,
      {
        authorization: `Bearer ${token}`,
      },
    );
    const orthanc = await startOrthanc(path.join(work, 'orthanc'));
    await uploadAll(`${orthanc.url}/instances`, warmup.files, CLIENTS, dicom, [200]);
    const orthancRss = new RssSampler({ orthanc: orthanc.pid }).start();
    const reference = await uploadAll(
      `${orthanc.url}/instances`,
      corpus.files,
      CLIENTS,
      dicom,
      [200],
    );
    const orthancPeaks = orthancRss.stop();
    await orthanc.stop();

    // (b) one huge instance; the gateway must stream it, not hold it.
    const hugeFile = path.join(work, 'huge.dcm');
    const hugeBytes = await generateHuge(hugeFile, run, BIG_BYTES);
    const hugeBefore = new RssSampler({ gateway: pids.gateway }).start().stop().gateway ?? null;
    const hugeRss = new RssSampler({ gateway: pids.gateway }).start();
    const huge = await uploadAll(
      api('/studies/instances'),
      [hugeFile],
      1,
      { authorization: `Bearer ${token}`, 'content-type': 'application/dicom' },
      [201],
    );
    const hugePeak = hugeRss.stop().gateway ?? null;
    await unlink(hugeFile);

    // (c) claim-next with a deep queue.
    const claims = await claimLatency({
      api,
      db,
      run,
      queued: QUEUED,
      readers: READERS,
      seconds: SECONDS,
    });

    const ratio =
      reference.instancesPerSecond > 0
        ? gateway.instancesPerSecond / reference.instancesPerSecond
        : 0;
    const result = {
      benchmark: 'intake',
      at: new Date().toISOString(),
      corpus: { ct: corpus.ct, ecg: corpus.ecg, megabytes: round(corpus.bytes / 1e6) },
      clients: CLIENTS,
      warmupInstancesEach: WARMUP,
      order: [
        'warm-up both',
        'gateway',
        'gateway batched',
        'orthanc',
        'huge instance',
        'claim-next',
      ],
      upload: {
        gateway: { ...gateway, peakRssMb: gatewayPeaks },
        orthanc: { ...reference, peakRssMb: orthancPeaks },
        gatewayBatched: { perRequest: PER_BATCH, ...batched },
        ratio: round(ratio),
        ratioBatched: round(
          reference.instancesPerSecond > 0
            ? batched.instancesPerSecond / reference.instancesPerSecond
            : 0,
        ),
        target:
          'gateway instances/s ≥ Orthanc instances/s, one instance per request each (ratio ≥ 1)',
        met: ratio >= 1,
      },
      hugeInstance: {
        bytes: hugeBytes,
        status: huge.errors ? huge.errorSamples[0] : 'stored',
        seconds: huge.seconds,
        megabytesPerSecond: huge.megabytesPerSecond,
        gatewayRssBeforeMb: hugeBefore,
        gatewayPeakRssMb: hugePeak,
        target: 'gateway RSS < 300 MB',
        met: huge.errors === 0 && hugePeak !== null && hugePeak < 300,
        hint: huge.errors
          ? 'start the system with MAX_INSTANCE_BYTES=2147483648 or more'
          : undefined,
      },
      claimNext: claims,
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await removeUploads(db, BLOB_DIR, uidPrefix).catch((e) => console.error('cleanup:', e));
    await db.end();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

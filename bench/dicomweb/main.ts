import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { startOrthanc } from '../intake/orthanc';
import { uploadBatches } from '../intake/upload';
import { call, LoadResult, round, runLoad } from '../lib/load';
import { alternatingRounds, ratioOf, roundsSettings, SMOKE } from '../lib/rounds';
import { removeUploads } from '../lib/remove-uploads';
import { demoPassword } from '../lib/secrets';
import { BASE, BLOB_DIR, DATABASE_URL, num, requireRunningSystem } from '../lib/system';
import { dayOf, generateCorpus, SURNAMES } from './corpus';

/**
 * bench/dicomweb — against the started system (README: Benchmarks), beside Debian's Orthanc
 * with its DICOMweb plugin serving the same files in the same run:
 *  (a) BENCH_STUDIES studies (one small instance each) stored by STOW-RS into both;
 *  (b) QIDO-RS study searches (PatientID, PatientName wildcard, StudyDate range,
 *      ModalitiesInStudy with offset) from BENCH_CLIENTS clients for BENCH_SECONDS: p50/p99, req/s;
 *  (c) WADO-RS frame retrieval of 512×512 16-bit frames, same clients: frames/s and MB/s.
 * Prints one JSON document with the ratios gateway ÷ Orthanc.
 */
const SETTINGS = roundsSettings(10);
const STUDIES = SMOKE ? 20 : num('BENCH_STUDIES', 10_000);
const FRAME_INSTANCES = SMOKE ? 2 : num('BENCH_FRAME_INSTANCES', 100);
const CLIENTS = num('BENCH_CLIENTS', 4);
const SECONDS = SETTINGS.seconds;
const SETTLE_MS = SMOKE ? 0 : num('BENCH_SETTLE_MS', 10_000);
const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS * 2 });

/** GET with keep-alive, reading the whole body; the same client for both servers. */
function get(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** The same search mix for both servers: query strings of /studies. */
function queries(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const r = (i * 7919) % STUDIES;
    switch (i % 4) {
      case 0:
        return `PatientID=BW-${r}`;
      case 1:
        return `PatientName=${encodeURIComponent(`${SURNAMES[i % SURNAMES.length]}*`)}&limit=25`;
      case 2:
        return `StudyDate=${dayOf(r % 350)}-${dayOf((r % 350) + 7)}&limit=25`;
      default:
        return `ModalitiesInStudy=CT&limit=25&offset=${r % 500}`;
    }
  });
}

async function searchLoad(root: string, headers: Record<string, string>): Promise<LoadResult> {
  const list = queries(1000);
  let next = 0;
  return runLoad(CLIENTS, SECONDS * 1000, async (timed) => {
    const q = list[next++ % list.length];
    const res = await timed(() =>
      get(`${root}/studies?${q}`, { ...headers, accept: 'application/dicom+json' }),
    );
    if (res.status !== 200 && res.status !== 204) throw new Error(`QIDO ${q}: ${res.status}`);
  });
}

async function frameLoad(
  root: string,
  headers: Record<string, string>,
  frames: { study: string; series: string; sop: string }[],
  frameBytes: number,
) {
  let next = 0;
  let bytes = 0;
  const load = await runLoad(CLIENTS, SECONDS * 1000, async (timed) => {
    const f = frames[next++ % frames.length];
    const url = `${root}/studies/${f.study}/series/${f.series}/instances/${f.sop}/frames/1`;
    const res = await timed(() => get(url, { ...headers, accept: FRAME_ACCEPT }));
    if (res.status !== 200 || res.bytes < frameBytes)
      throw new Error(`frame: ${res.status}, ${res.bytes} bytes`);
    bytes += res.bytes;
  });
  return {
    ...load,
    framesPerSecond: load.requestsPerSecond,
    megabytesPerSecond: round(bytes / 1e6 / load.seconds),
  };
}

async function main(): Promise<void> {
  await requireRunningSystem();
  const run = String(Date.now() % 1e9);
  const prefix = `1.2.826.0.1.3680043.10.13.${run}`;
  const work = await mkdtemp(path.join(tmpdir(), 'cmc-bench-dicomweb-'));
  const db = new Pool({ connectionString: DATABASE_URL, max: 2 });
  const orthanc = await startOrthanc(path.join(work, 'orthanc'), { dicomweb: true });
  try {
    const login = await call(
      `${BASE}/api/v1/auth/token`,
      { method: 'POST', body: { username: 'pj.doctor', password: demoPassword() } },
      [200],
    );
    const ours = { authorization: `Bearer ${(login.body as { accessToken: string }).accessToken}` };
    const corpus = await generateCorpus(
      path.join(work, 'corpus'),
      prefix,
      STUDIES,
      FRAME_INSTANCES,
    );
    const files = [...corpus.studies, ...corpus.frames.map((f) => f.file)];
    const storeGateway = await uploadBatches(`${BASE}/dicomweb/studies`, files, CLIENTS, 50, ours);
    const storeOrthanc = await uploadBatches(
      `${orthanc.url}/dicom-web/studies`,
      files,
      CLIENTS,
      50,
      {},
    );
    if (storeGateway.errors || storeOrthanc.errors)
      throw new Error(
        `STOW failed: ${[...storeGateway.errorSamples, ...storeOrthanc.errorSamples].join('; ')}`,
      );

    // Let the platform finish what the load started (events, consumers, autovacuum), warm both
    // (caches, JIT), then measure each alone on the machine.
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    await Promise.all([
      runLoad(
        CLIENTS,
        2000,
        async () => void (await get(`${BASE}/dicomweb/studies?limit=25`, ours)),
      ),
      runLoad(
        CLIENTS,
        2000,
        async () => void (await get(`${orthanc.url}/dicom-web/studies?limit=25`, {})),
      ),
    ]);
    type Side = LoadResult & { framesPerSecond?: number; megabytesPerSecond?: number };
    const qido = await alternatingRounds<Side>(
      SETTINGS,
      {
        gateway: () => searchLoad(`${BASE}/dicomweb`, ours),
        orthanc: () => searchLoad(`${orthanc.url}/dicom-web`, {}),
      },
      [
        {
          name: 'gateway/orthanc',
          value: (x) => ratioOf(x.gateway.requestsPerSecond, x.orthanc.requestsPerSecond),
        },
        {
          name: 'orthancP99/gatewayP99',
          value: (x) => ratioOf(x.orthanc.latencyMs.p99, x.gateway.latencyMs.p99),
        },
      ],
    );
    const frames = await alternatingRounds<Side>(
      SETTINGS,
      {
        gateway: () => frameLoad(`${BASE}/dicomweb`, ours, corpus.frames, corpus.frameBytes),
        orthanc: () => frameLoad(`${orthanc.url}/dicom-web`, {}, corpus.frames, corpus.frameBytes),
      },
      [
        {
          name: 'gateway/orthanc',
          value: (x) => ratioOf(x.gateway.requestsPerSecond, x.orthanc.requestsPerSecond),
        },
      ],
    );
    const qidoRatio = qido.medianRatios['gateway/orthanc'];
    const framesRatio = frames.medianRatios['gateway/orthanc'];
    console.log(
      JSON.stringify(
        {
          benchmark: 'dicomweb',
          at: new Date().toISOString(),
          studies: STUDIES + FRAME_INSTANCES,
          smoke: SMOKE,
          settings: { ...SETTINGS, clients: CLIENTS },
          order: [
            'STOW gateway',
            'STOW orthanc',
            'warm-up both',
            'QIDO rounds (rotating order)',
            'frame rounds (rotating order)',
          ],
          stow: { gateway: storeGateway, orthanc: storeOrthanc, perRequest: 50 },
          qido,
          frames: { frameBytes: corpus.frameBytes, ...frames },
          target: 'at least Orthanc’s rate on both (ratios ≥ 1)',
          met: qidoRatio >= 1 && framesRatio >= 1,
        },
        null,
        2,
      ),
    );
  } finally {
    await orthanc.stop().catch((e) => console.error('orthanc:', e));
    await removeUploads(db, BLOB_DIR, prefix).catch((e) => console.error('cleanup:', e));
    await db.end();
    agent.destroy();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { execFile } from 'node:child_process';
import { round } from '../lib/load';

/** A C-STORE SCP as storescu addresses it. */
export interface Peer {
  host: string;
  port: number;
  calledAe: string;
  callingAe: string;
}

/** One side of one round: what dcmtk's storescu saw acknowledged, and what it did not. */
export interface SideResult {
  instances: number;
  seconds: number;
  perSecond: number;
  failures: number;
  associations: number;
  failureSamples: string[];
}

interface Outcome {
  acknowledged: number;
  failures: number;
  samples: string[];
  studies: string[];
}

/** The arguments every send uses, for both servers. */
export const STORESCU_OPTIONS = [
  // Propose only the presentation contexts the files need (CT, 12-lead ECG), as a modality does.
  '-R',
  // Keep sending after an unsuccessful store: every file gets an answer we can count.
  '-nh',
  // New identifying UIDs for every send (dcmtk invents a patient, a study per association, a
  // series, and a SOP Instance UID per instance): both servers store a new study each time, as
  // from a modality, never a re-send of known UIDs that either could skip cheaply.
  '+II',
  // Per-file results: the acknowledged count stays exact when an association fails half-way,
  // and the invented Study Instance UIDs tell the benchmark what to remove afterwards.
  '-v',
  // A hung peer fails the send instead of hanging the benchmark.
  ...['-to', '10', '-ta', '30', '-td', '60'],
];

const ACKNOWLEDGED = /Received Store Response \((Success|Warning)/g;
const STUDY = /StudyInstanceUID=([0-9.]+)/g;
// Not "E: updateStringAttributeValue…": that is +II saying an attribute it would rewrite is absent.
const PROBLEM =
  /^.*(Store Failed|Association (Rejected|Aborted)|Store Response \((?!Success|Warning)|[EF]: (?!update)).*$/gm;

/**
 * Debian's dcmtk leaves Nagle's algorithm on unless TCP_NODELAY=1 is in the environment; then
 * every C-STORE waits for a delayed ACK (about 40 ms) and the client, not the server, sets the
 * pace. BENCH_TCP_NODELAY=0 keeps dcmtk's default (for storescu and for Orthanc alike).
 */
export const TCP_NODELAY = process.env.BENCH_TCP_NODELAY !== '0';
const env = { ...process.env, ...(TCP_NODELAY ? { TCP_NODELAY: '1' } : {}) };

/** One storescu process: one association sending `files`, as a modality sends a study. */
export function storescu(peer: Peer, files: string[]): Promise<Outcome> {
  const args = [
    ...STORESCU_OPTIONS,
    ...['-aet', peer.callingAe, '-aec', peer.calledAe, peer.host, String(peer.port)],
    ...files,
  ];
  return new Promise((resolve) => {
    execFile(
      'storescu',
      args,
      { timeout: 300_000, maxBuffer: 64 * 1024 * 1024, env },
      (error, stdout, stderr) => {
        const out = `${stdout}${stderr}`;
        const acknowledged = Math.min(files.length, out.match(ACKNOWLEDGED)?.length ?? 0);
        const samples = (out.match(PROBLEM) ?? []).slice(0, 3);
        const studies = [...new Set([...out.matchAll(STUDY)].map((m) => m[1]))];
        if (error && samples.length === 0)
          samples.push(`storescu exited with ${error.code ?? error.signal}: ${error.message}`);
        // Whatever was not acknowledged failed: refused, aborted, or never sent.
        resolve({ acknowledged, failures: files.length - acknowledged, samples, studies });
      },
    );
  });
}

/**
 * `shares.length` storescu processes in parallel, each sending its share in one association
 * and starting again until `seconds` are up (0: once). The clock stops when the last
 * association ends, so the rate counts every instance acknowledged in the time it took. The
 * Study Instance UIDs storescu invented are added to `studies`.
 */
export async function sendFor(
  peer: Peer,
  shares: string[][],
  seconds: number,
  studies: Set<string>,
): Promise<SideResult> {
  let instances = 0;
  let failures = 0;
  let associations = 0;
  const failureSamples: string[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    shares.map(async (files) => {
      do {
        const outcome = await storescu(peer, files);
        associations++;
        for (const uid of outcome.studies) studies.add(uid);
        instances += outcome.acknowledged;
        failures += outcome.failures;
        for (const s of outcome.samples) if (failureSamples.length < 5) failureSamples.push(s);
        // Nothing acknowledged: the peer refuses or is gone; do not spin against it.
        if (outcome.acknowledged === 0) break;
      } while (performance.now() < deadline);
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    instances,
    seconds: round(elapsed),
    perSecond: round(instances / elapsed),
    failures,
    associations,
    failureSamples,
  };
}

/** Files dealt round-robin into `clients` shares, so each share mixes CT slices and ECGs. */
export function deal(files: string[], clients: number): string[][] {
  const shares: string[][] = Array.from({ length: Math.max(1, clients) }, () => []);
  files.forEach((f, i) => shares[i % shares.length].push(f));
  return shares.filter((s) => s.length > 0);
}

/** C-ECHO: is the peer there and does it accept this calling AE title? */
export function echo(peer: Peer): Promise<{ ok: boolean; output: string }> {
  const args = ['-to', '10', '-aet', peer.callingAe, '-aec', peer.calledAe, peer.host];
  return new Promise((resolve) => {
    execFile('echoscu', [...args, String(peer.port)], { timeout: 30_000 }, (error, out, err) =>
      resolve({ ok: !error, output: `${out}${err}`.trim() }),
    );
  });
}

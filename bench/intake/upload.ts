import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import { round } from '../lib/load';

export interface UploadRun {
  instances: number;
  errors: number;
  seconds: number;
  instancesPerSecond: number;
  megabytesPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  errorSamples: string[];
}

/** POSTs one file as a stream (never read whole into memory) and resolves with the status. */
export function postFile(
  url: string,
  file: string,
  size: number,
  headers: Record<string, string>,
  agent: http.Agent,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(size) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    createReadStream(file).on('error', reject).pipe(req);
  });
}

/** `clients` workers take files from one list until it is empty. */
export async function uploadAll(
  url: string,
  files: string[],
  clients: number,
  headers: Record<string, string>,
  ok: number[],
): Promise<UploadRun> {
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let bytes = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < files.length) {
        const i = next++;
        const t0 = performance.now();
        try {
          const res = await postFile(url, files[i], sizes[i], headers, agent);
          if (!ok.includes(res.status)) throw new Error(`${res.status} ${res.body.slice(0, 200)}`);
          bytes += sizes[i];
        } catch (error) {
          errors++;
          if (errorSamples.length < 5) errorSamples.push(String((error as Error).message));
        } finally {
          latencies.push(performance.now() - t0);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  return {
    instances: files.length - errors,
    errors,
    seconds: round(seconds),
    instancesPerSecond: round((files.length - errors) / seconds),
    megabytesPerSecond: round(bytes / 1e6 / seconds),
    latencyMs: { p50: q(0.5), p99: q(0.99), max: round(latencies[latencies.length - 1] ?? 0) },
    errorSamples,
  };
}

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import { Readable } from 'node:stream';
import { percentiles, round } from '../lib/load';

export interface UploadRun {
  instances: number;
  errors: number;
  seconds: number;
  instancesPerSecond: number;
  megabytesPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  errorSamples: string[];
}

const BOUNDARY = 'cmc-bench-batch-boundary';

/** A STOW-RS style body: the files as parts of one multipart/related request, streamed. */
function batchBody(files: string[]): Readable {
  return Readable.from(
    (async function* () {
      for (const file of files) {
        yield Buffer.from(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n`);
        for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }))
          yield chunk as Buffer;
        yield Buffer.from('\r\n');
      }
      yield Buffer.from(`--${BOUNDARY}--\r\n`);
    })(),
  );
}

/** The corpus in batches of `perBatch` instances per request, `clients` requests at a time. */
export async function uploadBatches(
  url: string,
  files: string[],
  clients: number,
  perBatch: number,
  headers: Record<string, string>,
): Promise<UploadRun> {
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  const batches: number[][] = [];
  for (let i = 0; i < files.length; i += perBatch)
    batches.push(files.slice(i, i + perBatch).map((_, k) => i + k));
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let failed = 0;
  let bytes = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        const framing =
          batch.length * (`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n`.length + 2);
        const length =
          batch.reduce((a, i) => a + sizes[i], 0) + framing + `--${BOUNDARY}--\r\n`.length;
        const t0 = performance.now();
        try {
          const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
            const req = http.request(
              url,
              {
                method: 'POST',
                agent,
                headers: {
                  ...headers,
                  'content-type': `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`,
                  'content-length': String(length),
                },
              },
              (r) => {
                const chunks: Buffer[] = [];
                r.on('data', (c: Buffer) => chunks.push(c));
                r.on('end', () =>
                  resolve({ status: r.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
                );
                r.on('error', reject);
              },
            );
            req.on('error', reject);
            batchBody(batch.map((i) => files[i])).pipe(req);
          });
          if (res.status !== 200) throw new Error(`${res.status} ${res.body.slice(0, 200)}`);
          bytes += batch.reduce((a, i) => a + sizes[i], 0);
        } catch (error) {
          failed += batch.length;
          if (errorSamples.length < 5) errorSamples.push(String((error as Error).message));
        } finally {
          latencies.push(performance.now() - t0);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const { p50, p99, max } = percentiles(latencies);
  return {
    instances: files.length - failed,
    errors: failed,
    seconds: round(seconds),
    instancesPerSecond: round((files.length - failed) / seconds),
    megabytesPerSecond: round(bytes / 1e6 / seconds),
    latencyMs: { p50, p99, max },
    errorSamples,
  };
}

import http from 'node:http';
import { Readable } from 'node:stream';
import { percentiles, round } from '../lib/load';
import { StampSequence } from './stamped-corpus';

/** One side of one round: what was stored in `seconds`, by `clients` senders back to back. */
export interface TimedUpload {
  instances: number;
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  megabytesPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  errorSamples: string[];
}

/** POSTs `body` (buffers, or chunks as they are made) and resolves with the status and text. */
export function post(
  url: string,
  agent: http.Agent,
  headers: Record<string, string>,
  body: Buffer[] | { length: number; chunks: () => AsyncGenerator<Buffer> },
): Promise<{ status: number; body: string }> {
  const length = Array.isArray(body) ? body.reduce((n, b) => n + b.length, 0) : body.length;
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(length) } },
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
    if (!Array.isArray(body)) {
      Readable.from(body.chunks()).pipe(req);
      return;
    }
    for (const part of body) req.write(part);
    req.end();
  });
}

const BOUNDARY = 'cmc-bench-batch-boundary';

/** A STOW-RS style multipart/related body around `instances`. */
function multipart(instances: Buffer[][]): Buffer[] {
  const out: Buffer[] = [];
  for (const parts of instances) {
    out.push(Buffer.from(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n`), ...parts);
    out.push(Buffer.from('\r\n'));
  }
  out.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return out;
}

export const MULTIPART_TYPE = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`;

/**
 * `clients` senders post for `seconds`: one instance per request, or `perRequest` instances as
 * one multipart/related request. A request answered with a status outside `ok` counts all its
 * instances as errors.
 */
export async function uploadFor(opts: {
  url: string;
  seconds: number;
  clients: number;
  headers: Record<string, string>;
  ok: number[];
  sequence: StampSequence;
  perRequest?: number;
}): Promise<TimedUpload> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.clients });
  const per = opts.perRequest ?? 1;
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let instances = 0;
  let errors = 0;
  let bytes = 0;
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      while (performance.now() < deadline) {
        const batch = Array.from({ length: per }, () => opts.sequence.take());
        const body = per === 1 ? batch[0] : multipart(batch);
        const size = batch.flat().reduce((n, b) => n + b.length, 0);
        const t0 = performance.now();
        try {
          const res = await post(opts.url, agent, opts.headers, body);
          if (!opts.ok.includes(res.status))
            throw new Error(`${res.status} ${res.body.slice(0, 200)}`);
          instances += per;
          bytes += size;
        } catch (error) {
          errors += per;
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
    instances,
    requests: latencies.length,
    errors,
    seconds: round(seconds),
    perSecond: round(instances / seconds),
    megabytesPerSecond: round(bytes / 1e6 / seconds),
    latencyMs: { p50, p99, max },
    errorSamples,
  };
}

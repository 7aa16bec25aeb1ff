import http from 'node:http';
import { Readable } from 'node:stream';
import { sendAll, SendTally } from '../lib/load';
import { StampSequence } from './stamped-corpus';

/** One side of one round: what was stored in `seconds`, by `clients` senders back to back. */
export type TimedUpload = SendTally;

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
/** What opens each part of a multipart/related body, and what closes the body. */
export const PART_HEAD = Buffer.from(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n`);
export const BODY_END = Buffer.from(`--${BOUNDARY}--\r\n`);

/** A STOW-RS style multipart/related body around `instances`. */
function multipart(instances: Buffer[][]): Buffer[] {
  const out: Buffer[] = [];
  for (const parts of instances) {
    out.push(PART_HEAD, ...parts);
    out.push(Buffer.from('\r\n'));
  }
  out.push(BODY_END);
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
  const deadline = performance.now() + opts.seconds * 1000;
  const tally = await sendAll(opts.clients, () => {
    if (performance.now() >= deadline) return null;
    const batch = Array.from({ length: per }, () => opts.sequence.take());
    return {
      instances: per,
      bytes: batch.flat().reduce((n, b) => n + b.length, 0),
      send: async () => {
        const res = await post(
          opts.url,
          agent,
          opts.headers,
          per === 1 ? batch[0] : multipart(batch),
        );
        if (!opts.ok.includes(res.status))
          throw new Error(`${res.status} ${res.body.slice(0, 200)}`);
      },
    };
  });
  agent.destroy();
  return tally;
}

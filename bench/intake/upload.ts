import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import { sendAll } from '../lib/load';
import { BODY_END, MULTIPART_TYPE, PART_HEAD, post } from './timed-upload';

export interface UploadRun {
  instances: number;
  errors: number;
  seconds: number;
  instancesPerSecond: number;
  megabytesPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  errorSamples: string[];
}

/** A STOW-RS style body: the files as parts of one multipart/related request, streamed. */
async function* batchBody(files: string[]): AsyncGenerator<Buffer> {
  for (const file of files) {
    yield PART_HEAD;
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }))
      yield chunk as Buffer;
    yield Buffer.from('\r\n');
  }
  yield BODY_END;
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
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  let next = 0;
  const tally = await sendAll(clients, () => {
    if (next >= files.length) return null;
    const batch = files.slice(next, next + perBatch);
    const bytes = sizes.slice(next, next + perBatch).reduce((a, n) => a + n, 0);
    next += perBatch;
    const framing = batch.length * (PART_HEAD.length + 2) + BODY_END.length;
    return {
      instances: batch.length,
      bytes,
      send: async () => {
        const res = await post(
          url,
          agent,
          { ...headers, 'content-type': MULTIPART_TYPE },
          { length: bytes + framing, chunks: () => batchBody(batch) },
        );
        if (res.status !== 200) throw new Error(`${res.status} ${res.body.slice(0, 200)}`);
      },
    };
  });
  agent.destroy();
  return {
    instances: tally.instances,
    errors: tally.errors,
    seconds: tally.seconds,
    instancesPerSecond: tally.perSecond,
    megabytesPerSecond: tally.megabytesPerSecond,
    latencyMs: tally.latencyMs,
    errorSamples: tally.errorSamples,
  };
}

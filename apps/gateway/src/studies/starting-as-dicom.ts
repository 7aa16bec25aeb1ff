import { Readable } from 'node:stream';
import { assertPart10Preamble, PART10_PREAMBLE_BYTES } from '@app/shared';

/**
 * The body as it arrives, but only once its first 132 bytes are the Part 10 preamble and "DICM":
 * a body that is not DICOM is refused before a byte of it reaches storage. The source is read
 * without destroying it on refusal, so the rest can be drained and the client gets its 400.
 */
export async function* startingAsDicom(source: Readable): AsyncGenerator<Buffer> {
  let head: Buffer[] | null = [];
  let kept = 0;
  for await (const chunk of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    if (head === null) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    kept += chunk.length;
    if (kept < PART10_PREAMBLE_BYTES) continue;
    const first = Buffer.concat(head);
    head = null;
    assertPart10Preamble(first);
    yield first;
  }
  if (head !== null) assertPart10Preamble(Buffer.concat(head));
}

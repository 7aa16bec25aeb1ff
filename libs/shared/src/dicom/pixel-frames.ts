import { IndexedAttributes, PixelDataElement } from './header';

/**
 * Where each frame of an instance's pixel data lies in its file, worked out once at intake so
 * WADO-RS frames are a ranged read, not a parse (PS3.5 A.4 for encapsulated data).
 */
export type PixelFrames =
  | { kind: 'native'; offset: number; frameLength: number; count: number }
  /** Per frame, its fragments as [offset, length] in the file. */
  | { kind: 'encapsulated'; frames: [number, number][][] }
  | { kind: 'unavailable'; reason: string };

const ENCAPSULATED_TS = /^1\.2\.840\.10008\.1\.2\.(4\.\d+|5)$/;
const MAX_FRAMES = 10_000;
/** As many as the bus contract indexes (MAX_INDEXED_FRAGMENTS). */
const MAX_FRAGMENTS = 20_000;

export function isEncapsulated(transferSyntaxUid: string): boolean {
  return ENCAPSULATED_TS.test(transferSyntaxUid);
}

/** Native (uncompressed) pixel data: frames follow each other, all the same size. */
export function nativeFrames(a: IndexedAttributes, pixel: PixelDataElement): PixelFrames {
  const count = Math.max(1, a.numberOfFrames ?? 1);
  const bits = a.bitsAllocated ?? 0;
  if (!a.rows || !a.columns || !bits || bits % 8 !== 0)
    return {
      kind: 'unavailable',
      reason: 'Rows, Columns or a whole-byte BitsAllocated is missing',
    };
  if (count > MAX_FRAMES) return { kind: 'unavailable', reason: `more than ${MAX_FRAMES} frames` };
  const frameLength = a.rows * a.columns * (a.samplesPerPixel ?? 1) * (bits / 8);
  if (pixel.length === null || pixel.length < frameLength * count)
    return { kind: 'unavailable', reason: 'the pixel data is shorter than its frames' };
  return { kind: 'native', offset: pixel.offset, frameLength, count };
}

/**
 * Encapsulated pixel data, read once from the file (from the pixel data value on): the item
 * headers only, skipping fragment bytes as they stream past. Frames come from the Basic Offset
 * Table when it has one; otherwise one frame takes every fragment, or n frames take n fragments.
 */
export async function encapsulatedFrames(
  source: AsyncIterable<Buffer>,
  start: number,
  numberOfFrames: number | null,
): Promise<PixelFrames> {
  const fragments: [number, number][] = [];
  const botParts: Buffer[] = [];
  let botNeed = 0;
  let seenBot = false;
  let header = Buffer.alloc(0);
  let position = start; // absolute offset of the next byte to read
  let skip = 0;
  let done = false;
  for await (const chunk of source) {
    let at = 0;
    while (at < chunk.length && !done) {
      if (skip > 0 || botNeed > 0) {
        const n = Math.min(skip || botNeed, chunk.length - at);
        if (botNeed > 0) {
          botParts.push(chunk.subarray(at, at + n));
          botNeed -= n;
        } else skip -= n;
        position += n;
        at += n;
        continue;
      }
      const n = Math.min(8 - header.length, chunk.length - at);
      header = Buffer.concat([header, chunk.subarray(at, at + n)]);
      at += n;
      position += n;
      if (header.length < 8) continue;
      const group = header.readUInt16LE(0);
      const element = header.readUInt16LE(2);
      const length = header.readUInt32LE(4);
      header = Buffer.alloc(0);
      if (group !== 0xfffe || (element !== 0xe000 && element !== 0xe0dd) || length === 0xffffffff)
        return { kind: 'unavailable', reason: 'malformed encapsulated pixel data' };
      if (element === 0xe0dd) done = true;
      else if (!seenBot) {
        // The first item is the Basic Offset Table, possibly empty.
        seenBot = true;
        botNeed = length;
      } else {
        if (fragments.length >= MAX_FRAGMENTS)
          return { kind: 'unavailable', reason: `more than ${MAX_FRAGMENTS} fragments` };
        fragments.push([position, length]);
        skip = length;
      }
    }
    if (done) break;
  }
  const bot = Buffer.concat(botParts);
  if (!done || fragments.length === 0)
    return { kind: 'unavailable', reason: 'the encapsulated pixel data ends early' };
  const count = Math.max(1, numberOfFrames ?? 1);
  if (count > MAX_FRAMES) return { kind: 'unavailable', reason: `more than ${MAX_FRAMES} frames` };
  const firstItem = fragments[0][0] - 8;
  if (bot && bot.length >= 4 * count && count > 1) {
    const starts = Array.from({ length: count }, (_, i) => firstItem + bot!.readUInt32LE(i * 4));
    const frames = starts.map((s, i) =>
      fragments.filter(([off]) => off - 8 >= s && (i + 1 === count || off - 8 < starts[i + 1])),
    );
    if (frames.every((f) => f.length > 0)) return { kind: 'encapsulated', frames };
  }
  if (count === 1) return { kind: 'encapsulated', frames: [fragments] };
  if (fragments.length === count)
    return { kind: 'encapsulated', frames: fragments.map((f) => [f]) };
  return {
    kind: 'unavailable',
    reason: `${count} frames in ${fragments.length} fragments without an offset table`,
  };
}

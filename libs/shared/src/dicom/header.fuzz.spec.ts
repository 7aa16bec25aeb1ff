import { DicomRejection, parseDicomHeader } from './header';
import { writePart10 } from './write-dicom';

/** A small seeded PRNG (mulberry32), so a failing case can be replayed by its number. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CT = '1.2.840.10008.5.1.4.1.1.2';
const seedFile = writePart10(CT, '1.2.3.4.5.6', [
  { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' },
  { tag: 0x00080016, vr: 'UI', value: CT },
  { tag: 0x00080018, vr: 'UI', value: '1.2.3.4.5.6' },
  { tag: 0x00080060, vr: 'CS', value: 'CT' },
  { tag: 0x00100010, vr: 'PN', value: 'WANG^WU' },
  { tag: 0x00100020, vr: 'LO', value: 'P001' },
  { tag: 0x0020000d, vr: 'UI', value: '1.2.3.4' },
  { tag: 0x0020000e, vr: 'UI', value: '1.2.3.4.5' },
  { tag: 0x7fe00010, vr: 'OW', value: Buffer.alloc(256, 7) },
]);

function mutate(file: Buffer, next: () => number): Buffer {
  const out = Buffer.from(file);
  const kind = Math.floor(next() * 5);
  const at = 128 + Math.floor(next() * (out.length - 128));
  switch (kind) {
    case 0: // flip a few bytes
      for (let i = 0; i < 1 + next() * 8; i++)
        out[128 + Math.floor(next() * (out.length - 128))] = Math.floor(next() * 256);
      return out;
    case 1: // truncate
      return out.subarray(0, at);
    case 2: // a huge or odd 16-bit length
      out.writeUInt16LE(
        [0xffff, 0xfffe, 0x0001, Math.floor(next() * 65536)][Math.floor(next() * 4)],
        Math.min(at, out.length - 2),
      );
      return out;
    case 3: // a huge 32-bit length (lying length field)
      out.writeUInt32LE(
        [0xffffffff, 0x7fffffff, 0xfffffff0, Math.floor(next() * 2 ** 32)][Math.floor(next() * 4)],
        Math.min(at, out.length - 4),
      );
      return out;
    default: // splice garbage in
      return Buffer.concat([
        out.subarray(0, at),
        Buffer.from(
          Array.from({ length: 1 + Math.floor(next() * 32) }, () => Math.floor(next() * 256)),
        ),
        out.subarray(at),
      ]);
  }
}

describe('DICOM header mutation fuzz', () => {
  it('answers every one of 5,000 mutated files with a header or a DicomRejection, quickly', () => {
    const next = rng(20261122);
    let accepted = 0;
    let rejected = 0;
    for (let n = 0; n < 5000; n++) {
      const input = mutate(seedFile, next);
      const started = performance.now();
      try {
        parseDicomHeader(input);
        accepted++;
      } catch (error) {
        if (!(error instanceof DicomRejection))
          throw new Error(
            `case ${n}: unexpected ${(error as Error).name}: ${(error as Error).message}`,
            { cause: error },
          );
        rejected++;
      }
      // A hang guard, not a speed target: one small file must never take seconds.
      expect(performance.now() - started).toBeLessThan(2000);
    }
    expect(accepted + rejected).toBe(5000);
    expect(rejected).toBeGreaterThan(500);
  });
});

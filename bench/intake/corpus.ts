import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeElement, writePart10 } from '../../libs/shared/src/dicom/write-dicom';
import { syntheticEcg } from '../../libs/shared/src/waveform/fixture';

export const CT = '1.2.840.10008.5.1.4.1.1.2';

export function ctElements(root: string, series: number, n: number, pixels?: Buffer) {
  const sop = `${root}.${series}.${n}`;
  return {
    sop,
    elements: [
      { tag: 0x00080016, vr: 'UI', value: CT },
      { tag: 0x00080018, vr: 'UI', value: sop },
      { tag: 0x00080020, vr: 'DA', value: '20261123' },
      { tag: 0x00080060, vr: 'CS', value: 'CT' },
      { tag: 0x00100010, vr: 'PN', value: 'BENCH^PATIENT' },
      { tag: 0x00100020, vr: 'LO', value: `BENCH-${series}` },
      { tag: 0x0020000d, vr: 'UI', value: root },
      { tag: 0x0020000e, vr: 'UI', value: `${root}.${series}` },
      { tag: 0x00200013, vr: 'IS', value: String(n) },
      { tag: 0x00280002, vr: 'US', value: [1] },
      { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
      { tag: 0x00280010, vr: 'US', value: [512] },
      { tag: 0x00280011, vr: 'US', value: [512] },
      { tag: 0x00280100, vr: 'US', value: [16] },
      { tag: 0x00280101, vr: 'US', value: [16] },
      { tag: 0x00280102, vr: 'US', value: [15] },
      { tag: 0x00280103, vr: 'US', value: [1] },
      { tag: 0x00281052, vr: 'DS', value: '-1024' },
      { tag: 0x00281053, vr: 'DS', value: '1' },
      ...(pixels ? [{ tag: 0x7fe00010, vr: 'OW', value: pixels }] : []),
    ],
  };
}

/** A 512×512 16-bit CT slice: a disc of "tissue" that moves with the slice number. */
export function slice(n: number): Buffer {
  const px = Buffer.alloc(512 * 512 * 2);
  for (let y = 0; y < 512; y++)
    for (let x = 0; x < 512; x++) {
      const d = Math.hypot(x - 256, y - 256 - (n % 40));
      px.writeInt16LE(d < 200 ? 1024 + ((x * y + n) % 80) : 0, (y * 512 + x) * 2);
    }
  return px;
}

export interface Corpus {
  files: string[];
  bytes: number;
  ct: number;
  ecg: number;
}

/** CT series of 100 slices per study, and ECGs (one study each), under run-unique UIDs. */
export async function generateCorpus(
  dir: string,
  run: string,
  ct: number,
  ecg: number,
): Promise<Corpus> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < ct; i++) {
    const study = Math.floor(i / 100);
    const root = `1.2.826.0.1.3680043.10.9.${run}.${study + 1}`;
    const { sop, elements } = ctElements(root, 1, i + 1, slice(i));
    const file = path.join(dir, `ct-${i}.dcm`);
    const data = writePart10(CT, sop, elements);
    await writeFile(file, data);
    files.push(file);
    bytes += data.length;
  }
  for (let i = 0; i < ecg; i++) {
    const file = path.join(dir, `ecg-${i}.dcm`);
    const data = syntheticEcg({
      bpm: 55 + (i % 60),
      noiseMv: 0.02,
      seed: i + 1,
      uidRoot: `1.2.826.0.1.3680043.10.9.${run}.${1000 + i}`,
    });
    await writeFile(file, data);
    files.push(file);
    bytes += data.length;
  }
  return { files, bytes, ct, ecg };
}

/**
 * One huge CT instance as a stream of chunks, never on disk: its header, then `pixelBytes` of
 * pixel data. `index` makes its UIDs its own, so concurrent huge uploads are distinct instances.
 */
export function hugeInstance(
  run: string,
  index: number,
  pixelBytes: number,
): { length: number; chunks: () => AsyncGenerator<Buffer> } {
  const { sop, elements } = ctElements(`1.2.826.0.1.3680043.10.9.${run}.${9000 + index}`, 1, 1);
  const header = writePart10(CT, sop, elements);
  const pixelHead = encodeElement({ tag: 0x7fe00010, vr: 'OW', value: Buffer.alloc(0) });
  pixelHead.writeUInt32LE(pixelBytes, 8);
  const chunk = Buffer.alloc(1 << 20, 0x11);
  return {
    length: header.length + pixelHead.length + pixelBytes,
    chunks: async function* () {
      yield header;
      yield pixelHead;
      for (let left = pixelBytes; left > 0; left -= chunk.length)
        yield left >= chunk.length ? chunk : chunk.subarray(0, left);
    },
  };
}

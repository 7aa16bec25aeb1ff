import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { monochromeCt, utf8 } from '../../libs/shared/src/dicom/ct-fixture';
import { writePart10 } from '../../libs/shared/src/dicom/write-dicom';

const CT = '1.2.840.10008.5.1.4.1.1.2';
/** Common surnames, so PatientName wildcard searches match a realistic share of studies. */
export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];

/** Day `n` of 2026 as YYYYMMDD. */
export function dayOf(n: number): string {
  return new Date(Date.UTC(2026, 0, 1 + (n % 365))).toISOString().slice(0, 10).replace(/-/g, '');
}

function instance(root: string, i: number, size: number, name: string, date: string): Buffer {
  const sop = `${root}.1.1`;
  const pixels = Buffer.alloc(size * size * 2);
  for (let p = 0; p < size * size; p++) pixels.writeUInt16LE((p * 7 + i) % 4096, p * 2);
  return writePart10(CT, sop, [
    { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' },
    { tag: 0x00080016, vr: 'UI', value: CT },
    { tag: 0x00080018, vr: 'UI', value: sop },
    { tag: 0x00080020, vr: 'DA', value: date },
    { tag: 0x00080030, vr: 'TM', value: '093000' },
    { tag: 0x00080050, vr: 'SH', value: `ACC${i}`.padEnd(8, ' ').slice(0, 16) },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x00081030, vr: 'LO', value: utf8('胸部CT平扫') },
    { tag: 0x00100010, vr: 'PN', value: utf8(name) },
    { tag: 0x00100020, vr: 'LO', value: `BW-${i}`.padEnd(8, ' ') },
    { tag: 0x0020000d, vr: 'UI', value: root },
    { tag: 0x0020000e, vr: 'UI', value: `${root}.1` },
    { tag: 0x00200013, vr: 'IS', value: '1 ' },
    ...monochromeCt(size, pixels),
  ]);
}

export interface DicomwebCorpus {
  /** One small instance per study, for searches. */
  studies: string[];
  /** 512×512 instances of one study, for frame retrieval. */
  frames: { file: string; study: string; series: string; sop: string }[];
  frameBytes: number;
}

export async function generateCorpus(
  dir: string,
  prefix: string,
  studies: number,
  frameInstances: number,
): Promise<DicomwebCorpus> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < studies; i++) {
    const file = path.join(dir, `s-${i}.dcm`);
    const name = `${SURNAMES[i % SURNAMES.length]}^${String.fromCharCode(0x4e00 + (i % 5000))}`;
    await writeFile(file, instance(`${prefix}.1.${i + 1}`, i, 16, name, dayOf(i)));
    files.push(file);
  }
  const frames = [];
  for (let i = 0; i < frameInstances; i++) {
    const root = `${prefix}.2.${i + 1}`;
    const file = path.join(dir, `f-${i}.dcm`);
    await writeFile(file, instance(root, i, 512, '帧^测试', '20261201'));
    frames.push({ file, study: root, series: `${root}.1`, sop: `${root}.1.1` });
  }
  return { studies: files, frames, frameBytes: 512 * 512 * 2 };
}

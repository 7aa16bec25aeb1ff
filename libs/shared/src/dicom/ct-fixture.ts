import { DicomElement } from './write-dicom';

/**
 * Pieces of synthetic CT instances, shared by the test builders (test/support/dicom-builders.ts)
 * and the DICOMweb benchmark corpus, so both write the same image pixel module.
 */

/** ISO_IR 192 text, padded to even length with a space. */
export const utf8 = (s: string) => {
  const b = Buffer.from(s, 'utf8');
  return b.length % 2 ? Buffer.concat([b, Buffer.from(' ')]) : b;
};

/**
 * The image pixel module of a square 16-bit MONOCHROME2 CT slice (12 bits stored), then its
 * pixels; `extra` elements (pixel spacing, a window) go among them in tag order.
 */
export function monochromeCt(
  size: number,
  pixels: Buffer,
  extra: DicomElement[] = [],
): DicomElement[] {
  const module: DicomElement[] = [
    { tag: 0x00280002, vr: 'US', value: [1] },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: [size] },
    { tag: 0x00280011, vr: 'US', value: [size] },
    { tag: 0x00280100, vr: 'US', value: [16] },
    { tag: 0x00280101, vr: 'US', value: [12] },
    { tag: 0x00280102, vr: 'US', value: [11] },
    { tag: 0x00280103, vr: 'US', value: [0] },
    { tag: 0x7fe00010, vr: 'OW', value: pixels },
  ];
  return [...module, ...extra].sort((a, b) => a.tag - b.tag);
}

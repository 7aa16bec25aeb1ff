/**
 * A minimal DICOM Part 10 writer (explicit VR little endian), for test fixtures and the
 * ingest benchmark: preamble, "DICM", file meta group, then the data set as given.
 */
export interface DicomElement {
  tag: number; // (group << 16) | element
  vr: string;
  value: Buffer | string | number[];
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR', 'OD', 'OL', 'OV']);

function valueBytes(
  vr: string,
  value: DicomElement['value'],
  encode: (s: string) => Buffer,
): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) {
    const b = Buffer.alloc(value.length * (vr === 'UL' ? 4 : 2));
    value.forEach((v, i) => (vr === 'UL' ? b.writeUInt32LE(v, i * 4) : b.writeUInt16LE(v, i * 2)));
    return b;
  }
  const raw = encode(value);
  // Even length: UIDs pad with NUL, text with a space.
  return raw.length % 2 === 0 ? raw : Buffer.concat([raw, Buffer.from(vr === 'UI' ? [0] : [0x20])]);
}

export function encodeElement(
  e: DicomElement,
  encode: (s: string) => Buffer = (s) => Buffer.from(s, 'latin1'),
): Buffer {
  const value = valueBytes(e.vr, e.value, encode);
  const head = Buffer.alloc(LONG_VRS.has(e.vr) ? 12 : 8);
  head.writeUInt16LE(e.tag >>> 16, 0);
  head.writeUInt16LE(e.tag & 0xffff, 2);
  head.write(e.vr, 4, 'latin1');
  if (LONG_VRS.has(e.vr)) head.writeUInt32LE(value.length, 8);
  else head.writeUInt16LE(value.length, 6);
  return Buffer.concat([head, value]);
}

export const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** Our implementation class UID in the file meta group (PS3.10 7.1). */
const IMPLEMENTATION_CLASS_UID = '1.2.826.0.1.3680043.10.1234';

/**
 * Preamble, "DICM" and the file meta group (PS3.10 7.1) for a data set encoded in
 * `transferSyntax`: what turns a data set received over DIMSE into a Part 10 file.
 */
export function part10Head(
  sopClassUid: string,
  sopInstanceUid: string,
  transferSyntax: string,
  sourceAeTitle?: string,
): Buffer {
  const meta = [
    { tag: 0x00020001, vr: 'OB', value: Buffer.from([0, 1]) },
    { tag: 0x00020002, vr: 'UI', value: sopClassUid },
    { tag: 0x00020003, vr: 'UI', value: sopInstanceUid },
    { tag: 0x00020010, vr: 'UI', value: transferSyntax },
    { tag: 0x00020012, vr: 'UI', value: IMPLEMENTATION_CLASS_UID },
    ...(sourceAeTitle ? [{ tag: 0x00020016, vr: 'AE', value: sourceAeTitle }] : []),
  ].map((e) => encodeElement(e));
  const metaBody = Buffer.concat(meta);
  const groupLength = encodeElement({ tag: 0x00020000, vr: 'UL', value: [metaBody.length] });
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), groupLength, metaBody]);
}

export function writePart10(
  sopClassUid: string,
  sopInstanceUid: string,
  dataset: DicomElement[],
  opts: { transferSyntax?: string; encode?: (s: string) => Buffer } = {},
): Buffer {
  const head = part10Head(sopClassUid, sopInstanceUid, opts.transferSyntax ?? EXPLICIT_LE);
  const body = [...dataset].sort((a, b) => a.tag - b.tag).map((e) => encodeElement(e, opts.encode));
  return Buffer.concat([head, ...body]);
}

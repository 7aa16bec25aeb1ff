import iconv from 'iconv-lite';

/**
 * A data set we answer with (worklist items), encoded by us rather than by dcmjs: dcmjs writes
 * every string as UTF-8, and a modality that asked for GB18030 must get GB18030 bytes.
 */
export interface OutElement {
  tag: number;
  vr: string;
  value: string | OutElement[][];
}

const LONG_VRS = new Set(['OB', 'OW', 'SQ', 'UT', 'UN', 'UC', 'UR']);
/** VRs whose text follows (0008,0005); the rest are in the default repertoire. */
const TEXT_VRS = new Set(['PN', 'LO', 'SH', 'ST', 'LT', 'UT', 'UC']);

/** DICOM terms we answer in, with iconv-lite's name for each (PS3.3 C.12.1.1.2). */
export const ANSWER_CHARSETS: Readonly<Record<string, string>> = {
  'ISO_IR 192': 'utf8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

function tagBytes(tag: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16LE(tag >>> 16, 0);
  b.writeUInt16LE(tag & 0xffff, 2);
  return b;
}

function header(tag: number, vr: string, length: number, implicit: boolean): Buffer {
  if (implicit) {
    const b = Buffer.alloc(8);
    tagBytes(tag).copy(b);
    b.writeUInt32LE(length, 4);
    return b;
  }
  const long = LONG_VRS.has(vr);
  const b = Buffer.alloc(long ? 12 : 8);
  tagBytes(tag).copy(b);
  b.write(vr, 4, 'latin1');
  if (long) b.writeUInt32LE(length, 8);
  else b.writeUInt16LE(length, 6);
  return b;
}

function textValue(vr: string, value: string, encoding: string): Buffer {
  const raw = TEXT_VRS.has(vr) ? iconv.encode(value, encoding) : Buffer.from(value, 'latin1');
  if (raw.length % 2 === 0) return raw;
  return Buffer.concat([raw, Buffer.from([vr === 'UI' ? 0 : 0x20])]);
}

/** Elements in tag order; sequences and items with explicit lengths (PS3.5 7.5). */
export function encodeDataset(
  elements: OutElement[],
  opts: { implicit: boolean; encoding: string },
): Buffer {
  const parts: Buffer[] = [];
  for (const e of [...elements].sort((a, b) => a.tag - b.tag)) {
    if (typeof e.value === 'string') {
      const value = textValue(e.vr, e.value, opts.encoding);
      parts.push(header(e.tag, e.vr, value.length, opts.implicit), value);
      continue;
    }
    const items = e.value.map((item) => {
      const body = encodeDataset(item, opts);
      const head = Buffer.alloc(8);
      head.writeUInt16LE(0xfffe, 0);
      head.writeUInt16LE(0xe000, 2);
      head.writeUInt32LE(body.length, 4);
      return Buffer.concat([head, body]);
    });
    const body = Buffer.concat(items);
    parts.push(header(e.tag, 'SQ', body.length, opts.implicit), body);
  }
  return Buffer.concat(parts);
}

import { DicomElement, encodeElement, writePart10 } from '../../libs/shared/src/dicom/write-dicom';

/**
 * The DICOM files the tests upload, in one place (issue 13 item 15): the small CT instance the
 * e2e files used to copy, and the encodings real modalities send that the minimal writer does
 * not (implicit VR little endian, sequences and items of undefined length, encapsulated pixel
 * data), as seeds for the fuzz tests.
 */
export const CT = '1.2.840.10008.5.1.4.1.1.2';
export const IMPLICIT_LE = '1.2.840.10008.1.2';
export const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';

export type Element = DicomElement;

/** The CT pixel module and even-length UTF-8 text live beside the writer: the bench uses them too. */
export { monochromeCt, utf8 } from '../../libs/shared/src/dicom/ct-fixture';

/** A window of center 1000 and width 2000 (VOI LUT module). */
export const WINDOW_1000_2000: Element[] = [
  { tag: 0x00281050, vr: 'DS', value: '1000' },
  { tag: 0x00281051, vr: 'DS', value: '2000' },
];

/** A small CT instance; `over` replaces or adds elements (a NUL in Modality, say). */
export function ctInstance(
  uid: string,
  over: { tag: number; vr: string; value: string | Buffer }[] = [],
  opts: { pixels?: number; fill?: number } = {},
): Buffer {
  const base = [
    { tag: 0x00080016, vr: 'UI', value: CT },
    { tag: 0x00080018, vr: 'UI', value: `${uid}.1.1` },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x0020000d, vr: 'UI', value: uid },
    { tag: 0x0020000e, vr: 'UI', value: `${uid}.1` },
    { tag: 0x7fe00010, vr: 'OW', value: Buffer.alloc(opts.pixels ?? 256, opts.fill ?? 0) },
  ];
  const elements = [...base.filter((e) => !over.some((o) => o.tag === e.tag)), ...over].sort(
    (a, b) => a.tag - b.tag,
  );
  return writePart10(CT, `${uid}.1.1`, elements);
}

/** A CT instance by its SOP Instance UID, in a given study and series. */
export function ctFile(
  sop: string,
  where: { study: string; series: string; patientName?: string },
  pixels = 512 * 64,
  fill = 3,
): Buffer {
  return writePart10(CT, sop, [
    { tag: 0x00080016, vr: 'UI', value: CT },
    { tag: 0x00080018, vr: 'UI', value: sop },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    ...(where.patientName ? [{ tag: 0x00100010, vr: 'PN', value: where.patientName }] : []),
    { tag: 0x0020000d, vr: 'UI', value: where.study },
    { tag: 0x0020000e, vr: 'UI', value: where.series },
    { tag: 0x7fe00010, vr: 'OW', value: Buffer.alloc(pixels, fill) },
  ]);
}

const UNDEFINED = 0xffffffff;
const tagBytes = (tag: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt16LE(tag >>> 16, 0);
  b.writeUInt16LE(tag & 0xffff, 2);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
};
const evenText = (vr: string, value: string) => {
  const raw = Buffer.from(value, 'latin1');
  return raw.length % 2 ? Buffer.concat([raw, Buffer.from([vr === 'UI' ? 0 : 0x20])]) : raw;
};

/** One element in implicit VR little endian: tag, 32-bit length, value (PS3.5 7.1.3). */
export function implicitElement(e: Element): Buffer {
  const value = Buffer.isBuffer(e.value)
    ? e.value
    : typeof e.value === 'string'
      ? evenText(e.vr, e.value)
      : Buffer.from(new Uint16Array(e.value).buffer);
  return Buffer.concat([tagBytes(e.tag), u32(value.length), value]);
}

/**
 * A sequence of items, each a list of already encoded elements (PS3.5 7.5). With
 * `undefinedLength`, the sequence and its items end with delimitation items instead of
 * lengths, as most modalities write them.
 */
export function sequence(
  tag: number,
  items: Buffer[][],
  opts: { implicit?: boolean; undefinedLength?: boolean } = {},
): Buffer {
  const encodedItems = items.map((elements) => {
    const body = Buffer.concat(elements);
    return opts.undefinedLength
      ? Buffer.concat([tagBytes(0xfffee000), u32(UNDEFINED), body, tagBytes(0xfffee00d), u32(0)])
      : Buffer.concat([tagBytes(0xfffee000), u32(body.length), body]);
  });
  const content = Buffer.concat([
    ...encodedItems,
    ...(opts.undefinedLength ? [tagBytes(0xfffee0dd), u32(0)] : []),
  ]);
  const length = u32(opts.undefinedLength ? UNDEFINED : content.length);
  const head = opts.implicit
    ? Buffer.concat([tagBytes(tag), length])
    : Buffer.concat([tagBytes(tag), Buffer.from('SQ\0\0', 'latin1'), length]);
  return Buffer.concat([head, content]);
}

/** Encapsulated pixel data (PS3.5 A.4): undefined length, an empty offset table, fragments. */
export function encapsulatedPixels(fragments: Buffer[]): Buffer {
  return Buffer.concat([
    tagBytes(0x7fe00010),
    Buffer.from('OB\0\0', 'latin1'),
    u32(UNDEFINED),
    tagBytes(0xfffee000),
    u32(0),
    ...fragments.flatMap((f) => [tagBytes(0xfffee000), u32(f.length), f]),
    tagBytes(0xfffee0dd),
    u32(0),
  ]);
}

/** A Part 10 file from its meta information and an already encoded data set. */
export function part10(
  transferSyntax: string,
  sopClass: string,
  sop: string,
  dataSet: Buffer,
): Buffer {
  const meta = writePart10(sopClass, sop, [], { transferSyntax });
  return Buffer.concat([meta, dataSet]);
}

/**
 * Seeds that look like what PACS and modalities send: an explicit VR CT with a referenced-image
 * sequence of undefined length, the same in implicit VR little endian, and a JPEG-encapsulated
 * CT. Each is a valid file the gateway stores.
 */
export function realisticSeeds(root: string): { name: string; file: Buffer }[] {
  const explicit = (e: Element) => encodeElement(e);
  const ids = (n: number) => ({
    sop: `${root}.${n}.1.1`,
    study: `${root}.${n}`,
    series: `${root}.${n}.1`,
  });
  const referenced = (enc: (e: Element) => Buffer, n: number) => [
    [
      enc({ tag: 0x00081150, vr: 'UI', value: CT }),
      enc({ tag: 0x00081155, vr: 'UI', value: `${root}.${n}.9.9` }),
    ],
    [
      enc({ tag: 0x00081150, vr: 'UI', value: CT }),
      enc({ tag: 0x00081155, vr: 'UI', value: `${root}.${n}.9.8` }),
    ],
  ];
  const head = (enc: (e: Element) => Buffer, n: number, name: string) => {
    const u = ids(n);
    return [
      enc({ tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' }),
      enc({ tag: 0x00080016, vr: 'UI', value: CT }),
      enc({ tag: 0x00080018, vr: 'UI', value: u.sop }),
      enc({ tag: 0x00080060, vr: 'CS', value: 'CT' }),
    ].concat(
      [
        sequence(0x00081140, referenced(enc, n), {
          implicit: enc !== explicit,
          undefinedLength: true,
        }),
      ],
      [
        enc({ tag: 0x00100010, vr: 'PN', value: name }),
        enc({ tag: 0x00100020, vr: 'LO', value: `P${n}` }),
        enc({ tag: 0x0020000d, vr: 'UI', value: u.study }),
        enc({ tag: 0x0020000e, vr: 'UI', value: u.series }),
        enc({ tag: 0x00280010, vr: 'US', value: [8] }),
        enc({ tag: 0x00280011, vr: 'US', value: [8] }),
      ],
    );
  };
  const seed = (
    name: string,
    transferSyntax: string,
    enc: (e: Element) => Buffer,
    n: number,
    patient: string,
    pixels: Buffer,
  ) => ({
    name,
    file: part10(transferSyntax, CT, ids(n).sop, Buffer.concat([...head(enc, n, patient), pixels])),
  });
  const ow = (enc: (e: Element) => Buffer, fill: number) =>
    enc({ tag: 0x7fe00010, vr: 'OW', value: Buffer.alloc(128, fill) });
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0xff, 0xd9]);
  return [
    seed(
      'explicit VR, sequence of undefined length',
      '1.2.840.10008.1.2.1',
      explicit,
      1,
      'WANG^WU',
      ow(explicit, 7),
    ),
    seed(
      'implicit VR little endian, sequence of undefined length',
      IMPLICIT_LE,
      implicitElement,
      2,
      'LI^SI',
      ow(implicitElement, 9),
    ),
    seed(
      'JPEG baseline, encapsulated pixel data',
      JPEG_BASELINE,
      explicit,
      3,
      'ZHAO^LIU',
      encapsulatedPixels([jpeg]),
    ),
  ];
}

/** A small seeded PRNG (mulberry32), so a failing case can be replayed by its number. */
export function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One mutation of a Part 10 file past its preamble: flipped bytes, a truncation, a lying 16- or
 * 32-bit length, or spliced garbage.
 */
export function mutateDicom(file: Buffer, next: () => number): Buffer {
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

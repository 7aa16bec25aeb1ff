import * as dicomParser from 'dicom-parser';
import { TextDecoding, textDecoding } from './charset';

/** The attributes studies, series and instances are searched by (QIDO-RS) and listed with. */
export interface IndexedAttributes {
  patientName: string | null;
  patientId: string | null;
  patientBirthDate: string | null;
  patientSex: string | null;
  studyDate: string | null;
  studyTime: string | null;
  accessionNumber: string | null;
  referringPhysicianName: string | null;
  studyDescription: string | null;
  studyId: string | null;
  modality: string | null;
  seriesNumber: number | null;
  seriesDescription: string | null;
  bodyPartExamined: string | null;
  instanceNumber: number | null;
  rows: number | null;
  columns: number | null;
  numberOfFrames: number | null;
  samplesPerPixel: number | null;
  bitsAllocated: number | null;
}

/** Where the pixel data value starts in the file, and how long it is (null: encapsulated). */
export interface PixelDataElement {
  offset: number;
  length: number | null;
}

/** What intake needs from an instance's header; pixel data stays in blob storage, unread. */
export interface DicomHeader extends IndexedAttributes {
  transferSyntaxUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  characterSet: string;
  /** False when SpecificCharacterSet names a set we cannot decode: text is shown as Latin-1. */
  characterSetSupported: boolean;
  /** Bytes up to (not including) the pixel data or waveform element, where the header ends. */
  headerLength: number;
  pixelData: PixelDataElement | null;
  /** The parsed data set and its text decoding, for the DICOM JSON of the metadata. */
  dataSet: dicomParser.DataSet;
  decoding: TextDecoding;
}

export class DicomRejection extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DicomRejection';
  }
}

/** Transfer syntaxes we store and serve. Deflate is refused: it invites decompression bombs. */
export const ACCEPTED_TRANSFER_SYNTAXES: Record<string, string> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
  // Retired, but PACS still forward it; stored and served as it came (PS3.5 A.3).
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
};

const DEFLATED = '1.2.840.10008.1.2.1.99';
// eslint-disable-next-line no-control-regex
const UNSAFE_DICOM_TEXT = /[\u0000-\u001a\u001c-\u001f\u007f]/;
/** x00080060 → (0008,0060), as people read tags. */
const tagName = (tag: string) => `(${tag.slice(1, 5)},${tag.slice(5, 9)})`.toUpperCase();
const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

export function isValidUid(uid: string): boolean {
  return uid.length > 0 && uid.length <= 64 && UID.test(uid);
}

/**
 * Parses and validates a Part 10 header from its first bytes (the caller reads a bounded
 * prefix: dicom-parser needs a byte array, and pixel data never has to be in memory).
 */
/** PS3.10 7.1: a Part 10 file is a 128-byte preamble, then the four bytes "DICM". */
export const PART10_PREAMBLE_BYTES = 132;

export function assertPart10Preamble(bytes: Uint8Array): void {
  if (
    bytes.length < PART10_PREAMBLE_BYTES ||
    Buffer.from(bytes.subarray(128, 132)).toString('latin1') !== 'DICM'
  ) {
    throw new DicomRejection('Not a DICOM Part 10 file: no "DICM" after the 128-byte preamble');
  }
}

/**
 * dicom-parser reports truncated or malformed bytes by throwing its own messages as strings
 * ("dicomParser.readFixedString: attempt to read past end of buffer", "…ByteArrayParser.readUint16:
 * …"), or as an Error whose message starts with "dicomParser." (a missing meta attribute);
 * parseDicom wraps them as `{ exception, dataSet }`. Returns that message, or null for any
 * other error, which is not the file's fault and must not be turned into a rejection.
 */
export function dicomParserFault(error: unknown): string | null {
  const inner = unwrapParserError(error);
  const PARSER = /^(dicomParser|littleEndianByteArrayParser|bigEndianByteArrayParser)[.:]/;
  if (typeof inner === 'string') return PARSER.test(inner) ? inner : null;
  if (inner instanceof Error && inner.constructor === Error && PARSER.test(inner.message))
    return inner.message;
  // dicom-parser 1.8 meets an item delimiter with a non-zero length (a malformed file) by
  // calling `byteStream.warnings(…)`, an array: a TypeError raised inside the library itself.
  if (
    inner instanceof TypeError &&
    /\.warnings is not a function$/.test(inner.message) &&
    /dicom-?parser/i.test(inner.stack?.split('\n')[1] ?? '')
  )
    return 'dicomParser: an item delimitation item with a non-zero length';
  return null;
}

/** parseDicom's `{ exception, dataSet }` wrapper → what was thrown inside it. */
export function unwrapParserError(error: unknown): unknown {
  return typeof error === 'object' &&
    error !== null &&
    !(error instanceof Error) &&
    'exception' in error
    ? (error as { exception: unknown }).exception
    : error;
}

export function parseDicomHeader(bytes: Uint8Array): DicomHeader {
  assertPart10Preamble(bytes);
  const malformed = (error: unknown) => {
    const fault = dicomParserFault(error);
    // Anything else (a TypeError, a RangeError) is a fault of code, not of the file: it must
    // fail the request (and the fuzz tests), not pass as the client's malformed upload.
    if (fault === null) throw unwrapParserError(error);
    return new DicomRejection(`Malformed DICOM: ${fault.slice(0, 200)}`);
  };
  // The transfer syntax is checked from the meta group alone, before dicom-parser would
  // inflate a deflated data set (a few KiB can expand to gigabytes).
  let ts: string;
  try {
    ts = dicomParser.readPart10Header(bytes).string('x00020010')?.replace(/\0/g, '').trim() ?? '';
  } catch (error) {
    throw malformed(error);
  }
  if (!ts)
    throw new DicomRejection(
      'Missing TransferSyntaxUID (0002,0010): the file meta information is truncated or incomplete',
      'TransferSyntaxUID',
    );
  if (ts === DEFLATED)
    throw new DicomRejection(
      'Deflated transfer syntax is not accepted; send uncompressed or JPEG',
      'TransferSyntaxUID',
    );
  if (!ACCEPTED_TRANSFER_SYNTAXES[ts])
    throw new DicomRejection(
      `Unsupported transfer syntax "${ts.slice(0, 64)}"`,
      'TransferSyntaxUID',
    );
  let ds: dicomParser.DataSet;
  try {
    ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  } catch (error) {
    throw malformed(error);
  }
  try {
    return readHeader(bytes, ds, ts);
  } catch (error) {
    // dicom-parser's accessors read lazily: an element whose length runs past the end (which
    // an implicit VR data set does not catch while parsing) throws its read-past-the-end
    // message here. That is the file's fault; anything else is ours and propagates.
    if (error instanceof DicomRejection) throw error;
    throw malformed(error);
  }
}

/** The header's fields from the parsed data set (throws DicomRejection, or dicom-parser's faults). */
function readHeader(bytes: Uint8Array, ds: dicomParser.DataSet, ts: string): DicomHeader {
  const charsetElement = ds.elements.x00080005;
  const charset = charsetElement
    ? Buffer.from(
        bytes.subarray(
          charsetElement.dataOffset,
          charsetElement.dataOffset + charsetElement.length,
        ),
      ).toString('latin1')
    : '';
  const decoding = textDecoding(charset);
  const text = (tag: string, name: string): string | null => {
    const el = ds.elements[tag];
    if (!el || el.length === 0) return null;
    if (el.dataOffset + el.length > bytes.length)
      throw new DicomRejection(`Element ${tag} runs past the end of the data`);
    const value =
      decoding
        .decode(bytes.subarray(el.dataOffset, el.dataOffset + el.length), el.vr ?? '')
        .replace(/[\0 ]+$/, '')
        .trim() || null;
    // PS3.5 6.1.2: these VRs hold no control characters but ESC (ISO 2022); padding was trimmed.
    if (value !== null && UNSAFE_DICOM_TEXT.test(value))
      throw new DicomRejection(`${name} ${tagName(tag)} contains NUL or control characters`, name);
    return value;
  };
  const int = (tag: string): number | null => {
    const el = ds.elements[tag];
    if (!el || el.length === 0) return null;
    const vr = el.vr;
    if (vr === 'US' || (!vr && el.length === 2)) return ds.uint16(tag) ?? null;
    const raw = ds.string(tag)?.trim();
    const n = raw ? Number.parseInt(raw, 10) : NaN;
    return Number.isFinite(n) ? n : null;
  };
  const uid = (tag: string, name: string): string => {
    const value = ds.string(tag)?.replace(/\0/g, '').trim() ?? '';
    if (!value) throw new DicomRejection(`Missing ${name} ${tag}`, name);
    if (!isValidUid(value)) throw new DicomRejection(`${name} is not a valid UID`, name);
    return value;
  };
  const sopInstanceUid = uid('x00080018', 'SOPInstanceUID');
  const metaSop = ds.string('x00020003')?.replace(/\0/g, '').trim();
  if (metaSop && metaSop !== sopInstanceUid) {
    throw new DicomRejection(
      'MediaStorageSOPInstanceUID differs from SOPInstanceUID',
      'SOPInstanceUID',
    );
  }
  const pixel = ds.elements.x7fe00010 ?? ds.elements.x54000100;
  const pixelData = ds.elements.x7fe00010;
  return {
    transferSyntaxUid: ts,
    sopClassUid: uid('x00080016', 'SOPClassUID'),
    sopInstanceUid,
    studyInstanceUid: uid('x0020000d', 'StudyInstanceUID'),
    seriesInstanceUid: uid('x0020000e', 'SeriesInstanceUID'),
    modality: text('x00080060', 'Modality'),
    patientId: text('x00100020', 'PatientID'),
    patientName: text('x00100010', 'PatientName'),
    patientBirthDate: text('x00100030', 'PatientBirthDate'),
    patientSex: text('x00100040', 'PatientSex'),
    studyDate: text('x00080020', 'StudyDate'),
    studyTime: text('x00080030', 'StudyTime'),
    accessionNumber: text('x00080050', 'AccessionNumber'),
    referringPhysicianName: text('x00080090', 'ReferringPhysicianName'),
    studyDescription: text('x00081030', 'StudyDescription'),
    studyId: text('x00200010', 'StudyID'),
    seriesNumber: int('x00200011'),
    seriesDescription: text('x0008103e', 'SeriesDescription'),
    bodyPartExamined: text('x00180015', 'BodyPartExamined'),
    instanceNumber: int('x00200013'),
    rows: int('x00280010'),
    columns: int('x00280011'),
    numberOfFrames: int('x00280008'),
    samplesPerPixel: int('x00280002'),
    bitsAllocated: int('x00280100'),
    characterSet: charset.trim() || 'ISO_IR 6',
    characterSetSupported: decoding.supported,
    headerLength: pixel ? pixel.dataOffset - (ts === '1.2.840.10008.1.2' ? 8 : 12) : bytes.length,
    pixelData: pixelData
      ? {
          offset: pixelData.dataOffset,
          length:
            pixelData.hadUndefinedLength || pixelData.length === 0xffffffff
              ? null
              : pixelData.length,
        }
      : null,
    dataSet: ds,
    decoding,
  };
}

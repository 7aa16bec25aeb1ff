import { TextDecoder } from 'node:util';
import * as dicomParser from 'dicom-parser';

/** What intake needs from an instance's header; pixel data stays in blob storage, unread. */
export interface DicomHeader {
  transferSyntaxUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  modality: string | null;
  patientId: string | null;
  patientName: string | null;
  studyDate: string | null;
  accessionNumber: string | null;
  characterSet: string;
  /** Bytes up to (not including) the pixel data or waveform element, where the header ends. */
  headerLength: number;
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

/** SpecificCharacterSet (0008,0005) → a decoder; GB18030/GBK names are common in Chinese clinics. */
export function decoderFor(charset: string): TextDecoder {
  const terms = charset.split('\\').map((t) => t.trim().toUpperCase());
  const last = terms.filter(Boolean).pop() ?? 'ISO_IR 6';
  switch (last) {
    case 'ISO_IR 192':
      return new TextDecoder('utf-8');
    case 'GB18030':
    case 'GBK':
      return new TextDecoder('gb18030');
    case 'ISO_IR 100':
      return new TextDecoder('latin1');
    case 'ISO_IR 6':
      return new TextDecoder('latin1');
    default:
      throw new DicomRejection(
        `Unsupported SpecificCharacterSet "${charset}"`,
        'SpecificCharacterSet',
      );
  }
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

export function parseDicomHeader(bytes: Uint8Array): DicomHeader {
  assertPart10Preamble(bytes);
  const malformed = (error: unknown) => {
    const message =
      typeof error === 'string'
        ? error
        : ((error as { exception?: string; message?: string }).exception ??
          (error as Error).message);
    return new DicomRejection(`Malformed DICOM: ${String(message).slice(0, 200)}`);
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
  const charset = ds.string('x00080005') ?? 'ISO_IR 6';
  const decoder = decoderFor(charset);
  const text = (tag: string, name: string): string | null => {
    const el = ds.elements[tag];
    if (!el || el.length === 0) return null;
    if (el.dataOffset + el.length > bytes.length)
      throw new DicomRejection(`Element ${tag} runs past the end of the data`);
    const value =
      decoder
        .decode(bytes.subarray(el.dataOffset, el.dataOffset + el.length))
        .replace(/[\0 ]+$/, '')
        .trim() || null;
    // PS3.5 6.1.2: these VRs hold no control characters but ESC (ISO 2022); padding was trimmed.
    if (value !== null && UNSAFE_DICOM_TEXT.test(value))
      throw new DicomRejection(`${name} ${tagName(tag)} contains NUL or control characters`, name);
    return value;
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
  return {
    transferSyntaxUid: ts,
    sopClassUid: uid('x00080016', 'SOPClassUID'),
    sopInstanceUid,
    studyInstanceUid: uid('x0020000d', 'StudyInstanceUID'),
    seriesInstanceUid: uid('x0020000e', 'SeriesInstanceUID'),
    modality: text('x00080060', 'Modality'),
    patientId: text('x00100020', 'PatientID'),
    patientName: text('x00100010', 'PatientName'),
    studyDate: text('x00080020', 'StudyDate'),
    accessionNumber: text('x00080050', 'AccessionNumber'),
    characterSet: charset,
    headerLength: pixel ? pixel.dataOffset - (ts === '1.2.840.10008.1.2' ? 8 : 12) : bytes.length,
  };
}

import * as dicomParser from 'dicom-parser';
import { data as dcmjsData } from 'dcmjs';
import { TextDecoding } from './charset';

/**
 * The DICOM JSON model (PS3.18 F.2) of an instance's data set: what WADO-RS metadata and QIDO
 * answer. Computed once at intake from the header the gateway already parsed, and stored beside
 * the instance, so opening a study never re-reads its files. Values too large to inline become a
 * BulkDataURI placeholder (`cmc-bulk:<offset>/<length>`) that the server turns into an absolute
 * URI of the instance's bulk data when it answers.
 */
export type DicomJsonElement = {
  vr: string;
  Value?: unknown[];
  BulkDataURI?: string;
  InlineBinary?: string;
};
export type DicomJson = Record<string, DicomJsonElement>;

export const BULK_PREFIX = 'cmc-bulk:';
/** Binary values up to this size are inlined (base64); larger ones are bulk data. */
const INLINE_BINARY_MAX = 256;
/** Text values up to this size are inlined; a longer one (a UT report, say) is bulk data. */
const INLINE_TEXT_MAX = 64 * 1024;
const MAX_DEPTH = 8;
const MAX_ELEMENTS = 50_000;

/** The data dictionary of dcmjs (a kept library), for VRs of implicit-VR files and keywords. */
const dictionary = dcmjsData.DicomMetaDictionary;

/** x00100010 → 00100010 → the dictionary's "(0010,0010)". */
const dictKey = (hex8: string) => `(${hex8.slice(0, 4)},${hex8.slice(4, 8)})`.toUpperCase();

/** The VR of a tag from the data dictionary (implicit VR files carry none), UN when unknown. */
export function vrOf(tag: string): string {
  const hex = tag.replace(/^x/, '').toUpperCase();
  const entry = dictionary.dictionary[dictKey(hex)];
  return entry?.vr && /^[A-Z]{2}$/.test(entry.vr) ? entry.vr : 'UN';
}

/** PatientID or 00100020 → 00100020 (QIDO accepts both); undefined when neither. */
export function tagOf(keywordOrTag: string): string | undefined {
  if (/^[0-9A-Fa-f]{8}$/.test(keywordOrTag)) return keywordOrTag.toUpperCase();
  const entry = dictionary.nameMap[keywordOrTag];
  return entry ? entry.tag.replace(/[(),]/g, '').toUpperCase() : undefined;
}

const TEXT_VRS = new Set([
  'AE',
  'AS',
  'CS',
  'DA',
  'DT',
  'LO',
  'SH',
  'TM',
  'UC',
  'UI',
  'PN',
  'LT',
  'ST',
  'UT',
  'UR',
]);
const SINGLE_VALUED = new Set(['LT', 'ST', 'UT', 'UR']);
const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
const NUMERIC: Record<
  string,
  { size: number; read: (ds: dicomParser.DataSet, tag: string, i: number) => number | undefined }
> = {
  US: { size: 2, read: (ds, t, i) => ds.uint16(t, i) },
  SS: { size: 2, read: (ds, t, i) => ds.int16(t, i) },
  UL: { size: 4, read: (ds, t, i) => ds.uint32(t, i) },
  SL: { size: 4, read: (ds, t, i) => ds.int32(t, i) },
  FL: { size: 4, read: (ds, t, i) => ds.float(t, i) },
  FD: { size: 8, read: (ds, t, i) => ds.double(t, i) },
};

/** A PN value to its JSON form: Alphabetic=Ideographic=Phonetic component groups (F.2.2). */
export function personName(value: string): Record<string, string> {
  const [alphabetic, ideographic, phonetic] = value.split('=');
  const pn: Record<string, string> = {};
  if (alphabetic) pn.Alphabetic = alphabetic;
  if (ideographic) pn.Ideographic = ideographic;
  if (phonetic) pn.Phonetic = phonetic;
  return pn;
}

function textValues(raw: string, vr: string): unknown[] {
  const values = SINGLE_VALUED.has(vr) ? [raw] : raw.split('\\');
  return values.map((v) => {
    // UI pads with NUL, the others with spaces; LT/ST/UT keep leading spaces (PS3.5 6.2).
    const value =
      vr === 'UI'
        ? v.replace(/\0+$/, '').trim()
        : SINGLE_VALUED.has(vr)
          ? v.replace(/[\0 ]+$/, '')
          : v.replace(/\0/g, '').trim();
    if (vr === 'PN') return value ? personName(value) : null;
    if (vr === 'IS' || vr === 'DS') return value === '' ? null : Number(value);
    return value === '' ? null : value;
  });
}

export function toDicomJson(
  ds: dicomParser.DataSet,
  bytes: Uint8Array,
  decoding: TextDecoding,
  opts: { skipGroups?: number[] } = {},
): DicomJson {
  let count = 0;
  const convert = (set: dicomParser.DataSet, depth: number): DicomJson => {
    const out: DicomJson = {};
    for (const key of Object.keys(set.elements).sort()) {
      if (++count > MAX_ELEMENTS) break;
      const el = set.elements[key];
      const tag = key.slice(1).toUpperCase();
      const group = Number.parseInt(tag.slice(0, 4), 16);
      if (opts.skipGroups?.includes(group)) continue;
      if (tag.slice(4) === '0000') continue; // group lengths are not part of the JSON model
      const vr = el.vr ?? (el.items ? 'SQ' : vrOf(tag));
      if (vr === 'SQ' || el.items) {
        out[tag] = {
          vr: 'SQ',
          Value:
            depth >= MAX_DEPTH
              ? []
              : (el.items ?? []).map((item) =>
                  item.dataSet ? convert(item.dataSet, depth + 1) : {},
                ),
        };
        continue;
      }
      const length = el.length === 0xffffffff || el.hadUndefinedLength ? null : el.length;
      const end = el.dataOffset + (length ?? 0);
      if (length === null || end > bytes.length) {
        // Encapsulated or cut short by the header prefix: served as bulk data of the file.
        out[tag] = { vr, BulkDataURI: `${BULK_PREFIX}${el.dataOffset}/${length ?? 'end'}` };
        continue;
      }
      if (length === 0) {
        out[tag] = { vr };
        continue;
      }
      if (
        BINARY_VRS.has(vr) ||
        !(TEXT_VRS.has(vr) || vr === 'IS' || vr === 'DS' || vr === 'AT' || NUMERIC[vr])
      ) {
        out[tag] =
          length <= INLINE_BINARY_MAX
            ? {
                vr,
                InlineBinary: Buffer.from(bytes.subarray(el.dataOffset, end)).toString('base64'),
              }
            : { vr, BulkDataURI: `${BULK_PREFIX}${el.dataOffset}/${length}` };
        continue;
      }
      if (NUMERIC[vr]) {
        const n = NUMERIC[vr];
        const values: unknown[] = [];
        for (let i = 0; i < Math.min(Math.floor(length / n.size), 10_000); i++) {
          const v = n.read(set, key, i);
          values.push(v === undefined || !Number.isFinite(v) ? null : v);
        }
        out[tag] = { vr, Value: values };
        continue;
      }
      if (vr === 'AT') {
        const values: string[] = [];
        for (let i = 0; i + 4 <= length; i += 4) {
          const g = set.uint16(key, i / 2) ?? 0;
          const e = set.uint16(key, i / 2 + 1) ?? 0;
          values.push(
            `${g.toString(16).padStart(4, '0')}${e.toString(16).padStart(4, '0')}`.toUpperCase(),
          );
        }
        out[tag] = { vr, Value: values };
        continue;
      }
      if (length > INLINE_TEXT_MAX) {
        out[tag] = { vr, BulkDataURI: `${BULK_PREFIX}${el.dataOffset}/${length}` };
        continue;
      }
      const raw = decoding.decode(bytes.subarray(el.dataOffset, end), vr);
      const values = textValues(raw, vr);
      out[tag] = values.every((v) => v === null) ? { vr } : { vr, Value: values };
    }
    return out;
  };
  return convert(ds, 0);
}

/**
 * An instance's metadata as WADO-RS serves it: its data set without the file meta group (not
 * part of the data set, PS3.18 F.2), re-encoded as UTF-8 (hence ISO_IR 192 where the set was
 * decodable), with AvailableTransferSyntaxUID (0008,3002) added.
 */
export function instanceMetadata(
  header: {
    dataSet: dicomParser.DataSet;
    decoding: TextDecoding;
    characterSetSupported: boolean;
    transferSyntaxUid: string;
  },
  bytes: Uint8Array,
): DicomJson {
  const json = toDicomJson(header.dataSet, bytes, header.decoding, { skipGroups: [0x0002] });
  if (header.characterSetSupported) json['00080005'] = { vr: 'CS', Value: ['ISO_IR 192'] };
  json['00083002'] = { vr: 'UI', Value: [header.transferSyntaxUid] };
  return json;
}

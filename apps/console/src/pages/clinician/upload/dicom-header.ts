/**
 * Just enough of a DICOM Part 10 reader to queue a file before sending it: the UIDs that make an
 * upload resumable (SOP and Study Instance UID) and what the clinician recognises (patient,
 * modality). Explicit and implicit VR, little and (retired) big endian; sequences of undefined
 * length are walked over. It only ever looks at the prefix it is given, so the caller bounds how
 * much of a file is read; pixel data is never needed.
 */

export interface DicomSummary {
  sopInstanceUid: string;
  sopClassUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  transferSyntax: string;
  modality: string;
  patientName: string;
  patientId: string;
  studyDate: string;
  studyDescription: string;
}

export type HeaderResult =
  | { kind: 'ok'; summary: DicomSummary }
  | { kind: 'rejected'; reason: string }
  /** The prefix ended before the attributes needed: read more of the file and ask again. */
  | { kind: 'more' };

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';
const MEDIA_DIRECTORY = '1.2.840.10008.1.3.10';
/** VRs whose explicit encoding has two reserved bytes and a 32-bit length (PS3.5 7.1.2). */
const LONG_VRS = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);
const UNDEFINED = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const PIXEL_DATA = 0x7fe00010;
/** Past Instance Number (0020,0013) nothing this reader wants can follow. */
const LAST_WANTED = 0x00200013;
const MAX_DEPTH = 16;
const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

const WANTED: Record<number, keyof DicomSummary | 'charset'> = {
  0x00080005: 'charset',
  0x00080016: 'sopClassUid',
  0x00080018: 'sopInstanceUid',
  0x00080020: 'studyDate',
  0x00080060: 'modality',
  0x00081030: 'studyDescription',
  0x00100010: 'patientName',
  0x00100020: 'patientId',
  0x0020000d: 'studyInstanceUid',
  0x0020000e: 'seriesInstanceUid',
};

class PastEnd extends Error {}
class Malformed extends Error {}

/** A cursor over the prefix; reading past its end means "read more of the file". */
class Reader {
  offset = 0;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  littleEndian: boolean;
  constructor(bytes: Uint8Array, littleEndian: boolean) {
    this.bytes = bytes;
    this.littleEndian = littleEndian;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number) {
    if (this.offset + n > this.bytes.length) throw new PastEnd();
  }
  u16() {
    this.need(2);
    const v = this.view.getUint16(this.offset, this.littleEndian);
    this.offset += 2;
    return v;
  }
  u32() {
    this.need(4);
    const v = this.view.getUint32(this.offset, this.littleEndian);
    this.offset += 4;
    return v;
  }
  tag() {
    const group = this.u16();
    return ((group << 16) | this.u16()) >>> 0;
  }
  ascii(n: number) {
    return String.fromCharCode(...this.take(n));
  }
  take(n: number) {
    this.need(n);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  skip(n: number) {
    this.need(n);
    this.offset += n;
  }
}

interface Element {
  tag: number;
  vr: string;
  length: number;
}

function readElement(r: Reader, explicit: boolean): Element {
  const tag = r.tag();
  // Item and delimiter tags carry no VR in either encoding (PS3.5 7.5).
  if (!explicit || tag >>> 16 === 0xfffe) return { tag, vr: '', length: r.u32() };
  const vr = r.ascii(2);
  if (!/^[A-Z]{2}$/.test(vr)) throw new Malformed(`标签 ${tagText(tag)} 的 VR 无效`);
  if (LONG_VRS.has(vr)) {
    r.skip(2);
    return { tag, vr, length: r.u32() };
  }
  return { tag, vr, length: r.u16() };
}

/** Walks over a sequence of undefined length: items, each of defined or undefined length. */
function skipSequence(r: Reader, explicit: boolean, depth: number): void {
  if (depth > MAX_DEPTH) throw new Malformed('序列嵌套过深');
  for (;;) {
    const item = readElement(r, false);
    if (item.tag === SEQUENCE_END) return;
    if (item.tag !== ITEM) throw new Malformed(`序列中出现非条目标签 ${tagText(item.tag)}`);
    if (item.length !== UNDEFINED) r.skip(item.length);
    else skipDataset(r, explicit, depth + 1, ITEM_END);
  }
}

function skipDataset(r: Reader, explicit: boolean, depth: number, end: number): void {
  for (;;) {
    const e = readElement(r, explicit);
    if (e.tag === end) return;
    skipValue(r, e, explicit, depth);
  }
}

function skipValue(r: Reader, e: Element, explicit: boolean, depth: number): void {
  if (e.length !== UNDEFINED) return r.skip(e.length);
  // UN of undefined length holds implicit VR little endian inside (PS3.5 6.2.2).
  if (e.vr === 'SQ' || e.vr === '' || e.vr === 'UN')
    return skipSequence(r, explicit && e.vr !== 'UN', depth + 1);
  throw new Malformed(`标签 ${tagText(e.tag)} 的长度未定义`);
}

const tagText = (tag: number) =>
  `(${(tag >>> 16).toString(16).padStart(4, '0')},${(tag & 0xffff).toString(16).padStart(4, '0')})`.toUpperCase();

const trimValue = (s: string) => s.replace(/[\0 ]+$/, '').replace(/^ +/, '');

/** The decoder for (0008,0005); ISO 2022 GB2312 is EUC-CN once its escapes are dropped. */
function decoderFor(charset: string): { label: string; iso2022: boolean } {
  const terms = charset.split('\\').map((t) => t.trim().toUpperCase());
  if (terms.includes('ISO_IR 192')) return { label: 'utf-8', iso2022: false };
  if (terms.includes('GB18030')) return { label: 'gb18030', iso2022: false };
  if (terms.includes('GBK')) return { label: 'gbk', iso2022: false };
  if (terms.some((t) => t === 'ISO 2022 IR 58')) return { label: 'gb18030', iso2022: true };
  return { label: 'latin1', iso2022: terms.some((t) => t.startsWith('ISO 2022')) };
}

function decodeText(bytes: Uint8Array, charset: string): string {
  const { label, iso2022 } = decoderFor(charset);
  let raw = bytes;
  if (iso2022) {
    // ESC sequences switch code sets (PS3.5 6.1.2.5); the bytes between them decode as they are.
    const kept: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x1b) i += bytes[i + 1] === 0x24 && bytes[i + 2] >= 0x28 ? 3 : 2;
      else kept.push(bytes[i]);
    }
    raw = Uint8Array.from(kept);
  }
  try {
    return new TextDecoder(label).decode(raw);
  } catch {
    return new TextDecoder('latin1').decode(raw);
  }
}

/** "Li^Si=李^四" → "李四" (the ideographic group when there is one); "Zhang^San" → "Zhang San". */
export function personName(value: string): string {
  const groups = value.split('=');
  const chosen = (groups[1] ?? '').trim() || groups[0];
  const parts = chosen
    .split('^')
    .map((p) => p.trim())
    .filter(Boolean);
  const cjk = parts.some((p) => /[\u3400-\u9fff]/.test(p));
  return parts.join(cjk ? '' : ' ');
}

/**
 * Reads the summary from the first bytes of a file. Anything the server would refuse for its
 * framing (no DICM, no UIDs, deflated data set) is refused here, with the reason in Chinese.
 */
export function readDicomSummary(bytes: Uint8Array, wholeFile: boolean): HeaderResult {
  if (bytes.length < 132) return wholeFile ? notDicom() : { kind: 'more' };
  if (String.fromCharCode(...bytes.subarray(128, 132)) !== 'DICM') return notDicom();
  const values: Partial<Record<keyof DicomSummary | 'charset', Uint8Array>> = {};
  let transferSyntax = '';
  let sopFromMeta = '';
  let classFromMeta = '';
  try {
    const r = new Reader(bytes, true);
    r.offset = 132;
    // The file meta group is always explicit VR little endian (PS3.10 7.1).
    for (;;) {
      const start = r.offset;
      if (r.offset + 2 > bytes.length) {
        if (wholeFile) break;
        throw new PastEnd();
      }
      if (new DataView(bytes.buffer, bytes.byteOffset + start, 2).getUint16(0, true) !== 0x0002)
        break;
      const e = readElement(r, true);
      const value = r.take(e.length);
      if (e.tag === 0x00020010) transferSyntax = trimValue(decodeText(value, ''));
      if (e.tag === 0x00020003) sopFromMeta = trimValue(decodeText(value, ''));
      if (e.tag === 0x00020002) classFromMeta = trimValue(decodeText(value, ''));
    }
    if (classFromMeta === MEDIA_DIRECTORY) return reject('DICOMDIR（光盘目录文件），无需上传');
    if (!transferSyntax) return reject('文件元信息缺少传输语法 (0002,0010)');
    if (transferSyntax === DEFLATED) return reject('Deflate 压缩的数据集不受支持（服务器拒收）');
    const explicit = transferSyntax !== IMPLICIT_LE;
    r.littleEndian = transferSyntax !== EXPLICIT_BE;
    for (;;) {
      if (r.offset >= bytes.length && wholeFile) break;
      const e = readElement(r, explicit);
      if (e.tag === PIXEL_DATA || e.tag > LAST_WANTED) break;
      const key = WANTED[e.tag];
      if (key && e.length !== UNDEFINED) values[key] = r.take(e.length);
      else skipValue(r, e, explicit, 0);
    }
  } catch (error) {
    if (error instanceof PastEnd)
      return wholeFile ? reject('文件被截断：DICOM 头部不完整') : { kind: 'more' };
    if (error instanceof Malformed) return reject(`DICOM 格式错误：${error.message}`);
    throw error;
  }
  const charset = values.charset ? decodeText(values.charset, '') : '';
  const text = (key: keyof DicomSummary) => {
    const v = values[key];
    return v ? trimValue(decodeText(v, charset)) : '';
  };
  const summary: DicomSummary = {
    sopInstanceUid: text('sopInstanceUid') || sopFromMeta,
    sopClassUid: text('sopClassUid') || classFromMeta,
    studyInstanceUid: text('studyInstanceUid'),
    seriesInstanceUid: text('seriesInstanceUid'),
    transferSyntax,
    modality: text('modality'),
    patientName: personName(text('patientName')),
    patientId: text('patientId'),
    studyDate: text('studyDate'),
    studyDescription: text('studyDescription'),
  };
  if (!isUid(summary.sopInstanceUid)) return reject('缺少或无效的 SOP Instance UID (0008,0018)');
  if (!isUid(summary.studyInstanceUid))
    return reject('缺少或无效的 Study Instance UID (0020,000D)');
  return { kind: 'ok', summary };
}

const isUid = (uid: string) => uid.length > 0 && uid.length <= 64 && UID.test(uid);
const reject = (reason: string): HeaderResult => ({ kind: 'rejected', reason });
const notDicom = () => reject('不是 DICOM Part 10 文件（第 128 字节后没有 "DICM"）');

/** Reads growing prefixes of a file (64 KiB, 1 MiB, 8 MiB) until the summary is found. */
export async function summarizeFile(file: Blob): Promise<HeaderResult> {
  if (file.size === 0) return reject('空文件');
  for (const limit of [64 << 10, 1 << 20, 8 << 20]) {
    const whole = file.size <= limit;
    const bytes = new Uint8Array(await file.slice(0, limit).arrayBuffer());
    const result = readDicomSummary(bytes, whole);
    if (result.kind !== 'more') return result;
    if (whole) break;
  }
  return reject('DICOM 头部超过 8 MiB，无法读取');
}

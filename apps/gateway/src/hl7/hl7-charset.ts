import * as iconv from 'iconv-lite';

/**
 * MSH-18 character sets we read and write (HL7 v2.5.1 §2.15.9.18, table 0211). An empty MSH-18
 * means ASCII by the standard; Chinese HIS engines leave it empty and send UTF-8, which is a
 * superset of ASCII, so empty is read as UTF-8.
 */
export type Hl7Charset = 'UNICODE UTF-8' | 'GB 18030-2000' | 'ASCII' | '8859/1';

const ALIASES: Record<string, Hl7Charset> = {
  '': 'UNICODE UTF-8',
  'UNICODE UTF-8': 'UNICODE UTF-8',
  'UTF-8': 'UNICODE UTF-8',
  UTF8: 'UNICODE UTF-8',
  UNICODE: 'UNICODE UTF-8',
  'GB 18030-2000': 'GB 18030-2000',
  'GB18030-2000': 'GB 18030-2000',
  'GB 18030': 'GB 18030-2000',
  GB18030: 'GB 18030-2000',
  // GB 2312 and GBK are subsets of GB 18030: decoding them as GB 18030 is exact.
  GB2312: 'GB 18030-2000',
  GBK: 'GB 18030-2000',
  ASCII: 'ASCII',
  '8859/1': '8859/1',
};

const DECODER_LABEL: Record<Hl7Charset, string> = {
  'UNICODE UTF-8': 'utf-8',
  'GB 18030-2000': 'gb18030',
  ASCII: 'utf-8',
  '8859/1': 'latin1',
};

/** A table 0211 value (first repetition of MSH-18), or undefined when we do not support it. */
export function charsetOf(msh18: string): Hl7Charset | undefined {
  return ALIASES[msh18.trim().toUpperCase()];
}

/**
 * MSH-18 read from the raw bytes, before anything is decoded: MSH's first fields are ASCII in
 * every set of table 0211 we support, so the segment read as Latin-1 is exact up to MSH-18.
 * Returns undefined when the bytes do not start with an MSH segment.
 */
export function rawMsh18(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 4096).toString('latin1');
  if (!head.startsWith('MSH') || head.length < 8) return undefined;
  const fieldSep = head[3];
  const end = head.search(/[\r\n]/);
  const parts = (end === -1 ? head : head.slice(0, end)).split(fieldSep);
  // parts[0] is "MSH" and parts[1] is MSH-2, so MSH-n is parts[n - 1].
  const repetition = parts[1]?.[1] ?? '~';
  return (parts[17] ?? '').split(repetition)[0];
}

/** Bytes to text in the message's character set; a byte sequence invalid in it is refused. */
export function decodeHl7(bytes: Buffer, charset: Hl7Charset): string {
  return new TextDecoder(DECODER_LABEL[charset], { fatal: true }).decode(bytes);
}

/** Text to bytes in the character set the peer reads (GB 18030 through iconv-lite). */
export function encodeHl7(text: string, charset: Hl7Charset): Buffer {
  if (charset === 'GB 18030-2000') return iconv.encode(text, 'gb18030');
  if (charset === '8859/1') return iconv.encode(text, 'latin1');
  return Buffer.from(text, 'utf8');
}

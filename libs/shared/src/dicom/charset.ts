import iconv from 'iconv-lite';

/**
 * DICOM text decoding (PS3.5 6.1 and Annex H–K): every character set of SpecificCharacterSet
 * (0008,0005), with and without ISO 2022 code extensions, decoded by iconv-lite. A term we do
 * not know is not a reason to refuse an instance a PACS forwards: its bytes are shown as
 * Latin-1 (raw, one character per byte) and the decoder says it could not do better.
 */

/** Single-byte repertoires: the 8-bit (G1) half of each, as iconv-lite names it. */
const SINGLE_BYTE: Record<string, string> = {
  'IR 6': 'latin1', // ASCII; G1 unused
  'IR 100': 'iso-8859-1',
  'IR 101': 'iso-8859-2',
  'IR 109': 'iso-8859-3',
  'IR 110': 'iso-8859-4',
  'IR 144': 'iso-8859-5',
  'IR 127': 'iso-8859-6',
  'IR 126': 'iso-8859-7',
  'IR 138': 'iso-8859-8',
  'IR 148': 'iso-8859-9',
  'IR 203': 'iso-8859-15',
  'IR 166': 'tis620',
  'IR 13': 'shift_jis', // JIS X 0201: romaji in G0, katakana 0xA1–0xDF in G1
};

/** Multi-byte sets without code extensions: the whole value in one encoding. */
const WHOLE_VALUE: Record<string, string> = {
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

/** ISO 2022 escape sequences (PS3.3 C.12.1.1.2, Table C.12-3/C.12-4) → the set they designate. */
type Designation =
  | { to: 'G0'; set: 'ascii' | 'jis-roman' | 'jisx0208' | 'jisx0212' }
  | { to: 'G1'; set: 'single'; encoding: string }
  | { to: 'G1'; set: 'ksx1001' | 'gb2312' };

const ESCAPES: Record<string, Designation> = {
  '(B': { to: 'G0', set: 'ascii' },
  '(J': { to: 'G0', set: 'jis-roman' },
  $B: { to: 'G0', set: 'jisx0208' },
  '$@': { to: 'G0', set: 'jisx0208' },
  '$(D': { to: 'G0', set: 'jisx0212' },
  ')I': { to: 'G1', set: 'single', encoding: 'shift_jis' },
  '-A': { to: 'G1', set: 'single', encoding: 'iso-8859-1' },
  '-B': { to: 'G1', set: 'single', encoding: 'iso-8859-2' },
  '-C': { to: 'G1', set: 'single', encoding: 'iso-8859-3' },
  '-D': { to: 'G1', set: 'single', encoding: 'iso-8859-4' },
  '-L': { to: 'G1', set: 'single', encoding: 'iso-8859-5' },
  '-G': { to: 'G1', set: 'single', encoding: 'iso-8859-6' },
  '-F': { to: 'G1', set: 'single', encoding: 'iso-8859-7' },
  '-H': { to: 'G1', set: 'single', encoding: 'iso-8859-8' },
  '-M': { to: 'G1', set: 'single', encoding: 'iso-8859-9' },
  '-b': { to: 'G1', set: 'single', encoding: 'iso-8859-15' },
  '-T': { to: 'G1', set: 'single', encoding: 'tis620' },
  '$)C': { to: 'G1', set: 'ksx1001' },
  '$)A': { to: 'G1', set: 'gb2312' },
};

interface State {
  g0: 'ascii' | 'jis-roman' | 'jisx0208' | 'jisx0212';
  g1: Designation & { to: 'G1' };
}

export interface TextDecoding {
  decode(bytes: Uint8Array, vr: string): string;
  /** False when a SpecificCharacterSet term was not understood (bytes shown as Latin-1). */
  supported: boolean;
  charset: string;
}

const ESC = 0x1b;
/** Where ISO 2022 states return to the value's initial designations (PS3.5 6.1.2.5.3). */
const RESETS = new Set([0x5c, 0x0a, 0x0c, 0x0d, 0x09]); // \ LF FF CR TAB
const PN_RESETS = new Set([0x5e, 0x3d]); // ^ =

const irOf = (term: string) =>
  term
    .replace(/^ISO(_| )/, '')
    .replace(/^2022 /, '')
    .trim() || 'IR 6';

/**
 * The designations a value starts with. Strictly G1 starts as the first term's; but Chinese and
 * Korean devices (and pydicom before 2.4) often write "\ISO 2022 IR 58" or "\ISO 2022 IR 149"
 * text without the escape sequence that designates GB2312 or KS X 1001, so where the list names
 * one of those it is G1 from the start. Escape sequences in the value still win.
 */
function initialState(terms: string[]): State {
  const irs = terms.map(irOf);
  const first = irs[0];
  if (irs.includes('IR 149')) return { g0: 'ascii', g1: { to: 'G1', set: 'ksx1001' } };
  if (irs.includes('IR 58')) return { g0: 'ascii', g1: { to: 'G1', set: 'gb2312' } };
  return {
    g0: first === 'IR 13' ? 'jis-roman' : 'ascii',
    g1: { to: 'G1', set: 'single', encoding: SINGLE_BYTE[first] ?? 'iso-8859-1' },
  };
}

function knownTerm(raw: string): boolean {
  const t = raw.trim();
  if (t === '') return true;
  if (WHOLE_VALUE[t]) return true;
  const m = /^ISO(?:_| 2022 )(IR \d+)$/.exec(t);
  return !!m && (m[1] in SINGLE_BYTE || ['IR 87', 'IR 159', 'IR 149', 'IR 58'].includes(m[1]));
}

/** Decodes one run of bytes in one state: G0 bytes (0x21–0x7E) and G1 bytes (0xA1–0xFE). */
function decodeRun(bytes: number[], state: State): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      if (state.g0 === 'jisx0208' || state.g0 === 'jisx0212') {
        if (b < 0x21 || b > 0x7e || i + 1 >= bytes.length) {
          out += String.fromCharCode(b);
          i++;
          continue;
        }
        const pair = [b | 0x80, bytes[i + 1] | 0x80];
        out += iconv.decode(
          Buffer.from(state.g0 === 'jisx0212' ? [0x8f, ...pair] : pair),
          'euc-jp',
        );
        i += 2;
      } else {
        // ASCII, or JIS X 0201 romaji (yen sign and overline in place of \ and ~).
        out +=
          state.g0 === 'jis-roman' && b === 0x5c
            ? '¥'
            : state.g0 === 'jis-roman' && b === 0x7e
              ? '‾'
              : String.fromCharCode(b);
        i++;
      }
      continue;
    }
    const g1 = state.g1;
    if (g1.set === 'single') {
      out += iconv.decode(Buffer.from([b]), g1.encoding);
      i++;
    } else if (i + 1 < bytes.length) {
      out += iconv.decode(
        Buffer.from([b, bytes[i + 1]]),
        g1.set === 'ksx1001' ? 'euc-kr' : 'gb2312',
      );
      i += 2;
    } else {
      out += '\ufffd';
      i++;
    }
  }
  return out;
}

/** A decoder for the data set's SpecificCharacterSet value (as raw text, `\`-separated). */
export function textDecoding(specificCharacterSet: string | undefined): TextDecoding {
  const raw = (specificCharacterSet ?? '').replace(/\0/g, '');
  const terms = raw.split('\\').map((t) => t.trim().toUpperCase());
  const charset = raw.trim() || 'ISO_IR 6';
  const supported = terms.every(knownTerm);
  const whole = terms.length === 1 ? WHOLE_VALUE[terms[0]] : undefined;
  if (whole)
    return { supported, charset, decode: (bytes) => iconv.decode(Buffer.from(bytes), whole) };
  if (!supported)
    return { supported, charset, decode: (bytes) => Buffer.from(bytes).toString('latin1') };
  const usesExtensions = terms.some((t) => t.startsWith('ISO 2022')) || terms.length > 1;
  return {
    supported,
    charset,
    decode: (bytes, vr) => {
      const initial = initialState(terms);
      if (!usesExtensions) return decodeRun([...bytes], initial);
      const resets = vr === 'PN' ? new Set([...RESETS, ...PN_RESETS]) : RESETS;
      let state = { ...initial };
      let run: number[] = [];
      let out = '';
      const flush = () => {
        out += decodeRun(run, state);
        run = [];
      };
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i];
        if (b === ESC) {
          const seq = [3, 2]
            .map((n) => Buffer.from(bytes.subarray(i + 1, i + 1 + n)).toString('latin1'))
            .find((s) => ESCAPES[s]);
          if (seq) {
            flush();
            const d = ESCAPES[seq];
            if (d.to === 'G0') state = { ...state, g0: d.set };
            else state = { ...state, g1: d };
            i += seq.length;
            continue;
          }
        }
        if (resets.has(b) && state.g0 !== 'jisx0208' && state.g0 !== 'jisx0212') {
          flush();
          out += String.fromCharCode(b);
          state = { ...initial };
          continue;
        }
        run.push(b);
      }
      flush();
      return out;
    },
  };
}

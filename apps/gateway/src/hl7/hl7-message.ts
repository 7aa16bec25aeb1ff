import { ERROR_CODES, Hl7Error } from './hl7-error';

/** The delimiters of one message (HL7 v2.5.1 §2.5.4), read from MSH-1 and MSH-2. */
export interface Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

export const STANDARD_DELIMITERS: Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

export interface Hl7Segment {
  name: string;
  /** fields[n] is SEG-n as sent (escaped); for MSH, fields[1] is MSH-1 and fields[2] MSH-2. */
  fields: string[];
}

export interface Hl7Message {
  delimiters: Delimiters;
  segments: Hl7Segment[];
}

const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;

/**
 * Parses a decoded message. Segments end in CR (§2.5.2); LF and CRLF are taken too, as many
 * engines send them. Throws Hl7Error (AR) when there is no usable MSH, AE for a bad segment.
 */
export function parseHl7(text: string, maxSegments: number): Hl7Message {
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.length > 0);
  const msh = lines[0] ?? '';
  if (!msh.startsWith('MSH') || msh.length < 8)
    throw Hl7Error.reject(ERROR_CODES.SEGMENT_SEQUENCE, 'message does not start with MSH', {
      segment: 'MSH',
    });
  const d = delimitersOf(msh);
  if (lines.length > maxSegments)
    throw Hl7Error.reject(ERROR_CODES.SEGMENT_SEQUENCE, `more than ${maxSegments} segments`, {
      segment: 'MSH',
    });
  const segments = lines.map((line, i): Hl7Segment => {
    const parts = line.split(d.field);
    const name = parts[0];
    if (!SEGMENT_NAME.test(name))
      throw Hl7Error.content(
        ERROR_CODES.SEGMENT_SEQUENCE,
        `segment ${i + 1} has no valid segment ID`,
        { segment: name.slice(0, 3).replace(/[^A-Z0-9]/g, '?') || '???', sequence: 1 },
      );
    if (i > 0 && name === 'MSH')
      throw Hl7Error.reject(ERROR_CODES.SEGMENT_SEQUENCE, 'a second MSH (batches are not taken)', {
        segment: 'MSH',
        sequence: 2,
      });
    return { name, fields: i === 0 ? ['MSH', d.field, ...parts.slice(1)] : parts };
  });
  return { delimiters: d, segments };
}

function delimitersOf(msh: string): Delimiters {
  const field = msh[3];
  const enc = msh.slice(4).split(field)[0];
  const chars = [field, ...enc.slice(0, 4)];
  const sane =
    enc.length >= 4 && new Set(chars).size === 5 && chars.every((c) => !/[A-Za-z0-9\s]/.test(c));
  if (!sane)
    throw Hl7Error.reject(
      ERROR_CODES.DATA_TYPE,
      'MSH-1/MSH-2 do not give five distinct delimiters',
      { segment: 'MSH', field: 2 },
    );
  return {
    field,
    component: enc[0],
    repetition: enc[1],
    escape: enc[2],
    subcomponent: enc[3],
  };
}

/** The segments named `name`, in order. */
export function segmentsOf(m: Hl7Message, name: string): Hl7Segment[] {
  return m.segments.filter((s) => s.name === name);
}

/** Raw (escaped) text of SEG-field, all repetitions. */
export function rawField(s: Hl7Segment | undefined, field: number): string {
  return s?.fields[field] ?? '';
}

/**
 * One component (1-based) of one repetition (0-based) of a field, unescaped; subcomponents
 * beyond the first are dropped unless asked for.
 */
export function valueOf(
  m: Hl7Message,
  s: Hl7Segment | undefined,
  field: number,
  component = 1,
  repetition = 0,
  subcomponent = 1,
): string {
  const d = m.delimiters;
  // MSH-1 and MSH-2 are the delimiters themselves (§2.14.9.1-2): never split or unescaped.
  if (s?.name === 'MSH' && field <= 2) return rawField(s, field);
  const rep = rawField(s, field).split(d.repetition)[repetition] ?? '';
  const comp = rep.split(d.component)[component - 1] ?? '';
  const sub = comp.split(d.subcomponent)[subcomponent - 1] ?? '';
  return unescapeHl7(sub, d).trim();
}

/** Repetitions of a field (each raw, still to be split into components). */
export function repetitionsOf(m: Hl7Message, s: Hl7Segment | undefined, field: number): number {
  const raw = rawField(s, field);
  return raw === '' ? 0 : raw.split(m.delimiters.repetition).length;
}

/** §2.7: escape sequences in text fields; unknown ones are dropped rather than shown raw. */
export function unescapeHl7(value: string, d: Delimiters): string {
  if (!value.includes(d.escape)) return value;
  const e = d.escape;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    const close = c === e ? value.indexOf(e, i + 1) : -1;
    if (close === -1) {
      out += c;
      i += 1;
      continue;
    }
    const seq = value.slice(i + 1, close);
    out += escapeMeaning(seq, d);
    i = close + 1;
  }
  return out;
}

function escapeMeaning(seq: string, d: Delimiters): string {
  switch (seq) {
    case 'F':
      return d.field;
    case 'S':
      return d.component;
    case 'T':
      return d.subcomponent;
    case 'R':
      return d.repetition;
    case 'E':
      return d.escape;
    case '.br':
      return '\n';
  }
  // \Xhhhh\: hexadecimal data (§2.7.4); only printable ASCII is kept from it.
  if (/^X([0-9A-Fa-f]{2})+$/.test(seq))
    return Buffer.from(seq.slice(1), 'hex')
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '');
  return '';
}

/** §2.7: our text made safe for a field; line breaks become \.br\ (formatted text, §2.7.6). */
export function escapeHl7(value: string, d: Delimiters = STANDARD_DELIMITERS): string {
  const e = d.escape;
  return value
    .split(e)
    .join(`${e}E${e}`)
    .split(d.field)
    .join(`${e}F${e}`)
    .split(d.component)
    .join(`${e}S${e}`)
    .split(d.subcomponent)
    .join(`${e}T${e}`)
    .split(d.repetition)
    .join(`${e}R${e}`)
    .replace(/\r\n|\r|\n/g, `${e}.br${e}`)
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, ''); // eslint-disable-line no-control-regex
}

/** One segment from its fields (already escaped); trailing empty fields are left off. */
export function segment(name: string, fields: string[], d = STANDARD_DELIMITERS): string {
  let last = fields.length;
  while (last > 0 && fields[last - 1] === '') last -= 1;
  return [name, ...fields.slice(0, last)].join(d.field);
}

/** Components of one field, each escaped. */
export function components(...values: (string | undefined | null)[]): string {
  let last = values.length;
  while (last > 0 && !values[last - 1]) last -= 1;
  return values
    .slice(0, last)
    .map((v) => escapeHl7(v ?? ''))
    .join(STANDARD_DELIMITERS.component);
}

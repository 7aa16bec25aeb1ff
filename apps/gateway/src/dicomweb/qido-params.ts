import {
  AppError,
  isSafeText,
  isValidUid,
  matchableAt,
  QIDO_ATTRIBUTES,
  QIDO_BY_TAG,
  QIDO_MAX_LIMIT,
  QidoFilter,
  QidoLevel,
  QidoQuery,
  tagOf,
} from '@app/shared';

/**
 * QIDO-RS query parameters (PS3.18 8.3.4) to a checked query: attributes by keyword or tag,
 * the matching each VR allows, `includefield`, `limit`/`offset` and `fuzzymatching`. Whatever
 * cannot be understood is a 400 that names the parameter, never an empty answer.
 */
export interface ParsedQido {
  query: QidoQuery;
  /** PS3.18 8.3.4.5: what the server did not do as asked, for Warning headers. */
  warnings: string[];
}

type Raw = Record<string, unknown>;
const CONTROL_PARAMS = new Set(['limit', 'offset', 'includefield', 'fuzzymatching']);
const MAX_VALUES = 100;

const bad = (message: string) => AppError.validation(message);

function single(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  throw bad(`${name} is given more than once; give it once (several values go comma-separated)`);
}

function integer(name: string, value: string, min: number, max: number): number {
  if (!/^[+-]?\d{1,10}$/.test(value)) throw bad(`${name} must be a whole number, not "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw bad(`${name} must be between ${min} and ${max}`);
  return n;
}

const validDate = (d: string) => {
  const [y, m, day] = [Number(d.slice(0, 4)), Number(d.slice(4, 6)), Number(d.slice(6, 8))];
  const date = new Date(Date.UTC(y, m - 1, day));
  return y >= 1800 && date.getUTCMonth() === m - 1 && date.getUTCDate() === day;
};

function dateRange(name: string, value: string): QidoFilter & { kind: 'range' } {
  const m = /^(\d{8})?(-)?(\d{8})?$/.exec(value);
  const [from, dash, to] = m ? [m[1] ?? null, m[2], m[3] ?? null] : [null, undefined, null];
  if (!m || (!from && !to) || (!dash && to) || [from, to].some((d) => d && !validDate(d)))
    throw bad(
      `${name} must be a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD (either end may be left open), not "${value}"`,
    );
  if (!dash) return { tag: '', kind: 'range', from, to: from };
  if (from && to && from > to) throw bad(`${name}: the range ends before it starts`);
  return { tag: '', kind: 'range', from, to };
}

const TIME = /^(\d{2})(\d{2})?(\d{2})?(?:\.\d{1,6})?$/;
/** HH[MM[SS[.F]]] as six comparable digits: a lower end fills with 0, an upper one with 9. */
function timeBound(name: string, value: string, upper: boolean): string {
  const m = TIME.exec(value);
  if (!m || Number(m[1]) > 23 || Number(m[2] ?? 0) > 59 || Number(m[3] ?? 0) > 60)
    throw bad(`${name} must be a time HHMMSS or a range HHMMSS-HHMMSS, not "${value}"`);
  return `${m[1]}${m[2] ?? ''}${m[3] ?? ''}`.padEnd(6, upper ? '9' : '0');
}

function timeRange(name: string, value: string): QidoFilter & { kind: 'range' } {
  const parts = value.split('-');
  if (parts.length > 2 || parts.every((p) => p === ''))
    throw bad(`${name} must be a time HHMMSS or a range HHMMSS-HHMMSS, not "${value}"`);
  if (parts.length === 1)
    return {
      tag: '',
      kind: 'range',
      from: timeBound(name, value, false),
      to: timeBound(name, value, true),
    };
  const from = parts[0] ? timeBound(name, parts[0], false) : null;
  const to = parts[1] ? timeBound(name, parts[1], true) : null;
  return { tag: '', kind: 'range', from, to };
}

function values(name: string, value: string): string[] {
  const list = value
    .split(/[,\\]/)
    .map((v) => v.trim())
    .filter(Boolean);
  if (list.length > MAX_VALUES) throw bad(`${name}: at most ${MAX_VALUES} values`);
  return list;
}

function filterFor(keyword: string, tag: string, value: string): QidoFilter {
  const attribute = QIDO_BY_TAG.get(tag)!;
  // A list (UIDs, codes) is checked value by value below; one value is at most one VR's worth.
  const list = attribute.match === 'uids' || attribute.match === 'codes';
  const max = list ? MAX_VALUES * 65 : attribute.match === 'pn' ? 200 : 64;
  if (value.length > max) throw bad(`${keyword} is longer than ${max} characters`);
  if (!isSafeText(value)) throw bad(`${keyword} contains control characters`);
  switch (attribute.match) {
    case 'pn':
    case 'text':
      return { tag, kind: 'pattern', pattern: value };
    case 'date':
      return { ...dateRange(keyword, value), tag };
    case 'time':
      return { ...timeRange(keyword, value), tag };
    case 'int':
      return { tag, kind: 'int', value: integer(keyword, value, -(2 ** 31), 2 ** 31 - 1) };
    case 'uids': {
      const uids = values(keyword, value);
      const wrong = uids.find((u) => u.length > 64 || !isValidUid(u));
      if (wrong !== undefined) throw bad(`${keyword}: "${wrong.slice(0, 70)}" is not a UID`);
      return { tag, kind: 'list', values: uids };
    }
    case 'codes': {
      const codes = values(keyword, value).map((c) => c.toUpperCase());
      const wrong = codes.find((c) => !/^[A-Z0-9 _]{1,16}$/.test(c));
      if (wrong !== undefined) throw bad(`${keyword}: "${wrong.slice(0, 20)}" is not a code`);
      return { tag, kind: 'list', values: codes };
    }
  }
}

function attributeTag(name: string, level: QidoLevel, matching: boolean): string {
  const tag = tagOf(name);
  if (!tag)
    throw bad(
      `Unknown query parameter "${name.slice(0, 64)}": give limit, offset, includefield, fuzzymatching or a DICOM attribute by keyword or tag (PatientID or 00100020)`,
    );
  if (!matching) return tag;
  const attribute = QIDO_BY_TAG.get(tag);
  if (!attribute || !matchableAt(attribute, level)) {
    const keys = QIDO_ATTRIBUTES.filter((a) => matchableAt(a, level)).map((a) => a.keyword);
    throw bad(
      `${name} is not a matching key of a ${level} search; the supported keys are ${keys.join(', ')}`,
    );
  }
  return tag;
}

export function parseQido(
  level: QidoLevel,
  path: { studyInstanceUid?: string; seriesInstanceUid?: string },
  raw: Raw,
): ParsedQido {
  const warnings: string[] = [];
  const filters: QidoFilter[] = [];
  const include = new Set<string>();
  let all = false;
  let limit = 100;
  let offset = 0;
  for (const [name, given] of Object.entries(raw)) {
    if (name === 'includefield') {
      for (const item of ([] as unknown[]).concat(given)) {
        if (typeof item !== 'string') throw bad('includefield must be a list of attributes');
        for (const field of values('includefield', item)) {
          if (field === 'all') all = true;
          else include.add(attributeTag(field, level, false));
        }
      }
      continue;
    }
    const value = single(name, given);
    if (name === 'limit') {
      limit = integer('limit', value, 0, Number.MAX_SAFE_INTEGER);
      if (limit > QIDO_MAX_LIMIT) {
        warnings.push(`limit ${limit} lowered to ${QIDO_MAX_LIMIT}`);
        limit = QIDO_MAX_LIMIT;
      }
    } else if (name === 'offset') offset = integer('offset', value, 0, 100_000);
    else if (name === 'fuzzymatching') {
      if (value !== 'true' && value !== 'false') throw bad('fuzzymatching must be true or false');
      if (value === 'true') warnings.push('fuzzymatching is not supported; matched exactly');
    } else if (!CONTROL_PARAMS.has(name)) {
      const tag = attributeTag(name, level, true);
      // An empty value or a lone * is universal matching: return the attribute, match all.
      if (value === '' || value === '*') include.add(tag);
      else filters.push(filterFor(name, tag, value));
    }
  }
  if (path.studyInstanceUid && !isValidUid(path.studyInstanceUid))
    throw bad('The Study Instance UID in the path is not a UID');
  if (path.seriesInstanceUid && !isValidUid(path.seriesInstanceUid))
    throw bad('The Series Instance UID in the path is not a UID');
  return {
    query: {
      level,
      studyInstanceUid: path.studyInstanceUid ?? null,
      seriesInstanceUid: path.seriesInstanceUid ?? null,
      filters,
      studyId: null,
      patientId: null,
      includeFields: all ? 'all' : [...include],
      limit,
      offset,
    },
    warnings,
  };
}

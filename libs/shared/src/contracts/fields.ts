import { z } from 'zod';

/**
 * Field types every contract shares, so that what PostgreSQL (or a person) cannot take is
 * refused at the boundary with a 400 naming the field, never discovered by the database as a 500.
 */

/** Years a clinical date can have here; PostgreSQL has no year 0 and JS dates reach 275760. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
/** Real UTC offsets run from -12:00 to +14:00 (PostgreSQL refuses beyond ±15:59). */
const MAX_OFFSET_MINUTES = 14 * 60;

const yearOk = (year: number) => year >= MIN_YEAR && year <= MAX_YEAR;
const YEAR_MESSAGE = `year must be between ${MIN_YEAR} and ${MAX_YEAR}`;

function offsetMinutes(value: string): number {
  if (value.endsWith('Z') || value.endsWith('z')) return 0;
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(value);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** An ISO 8601 instant with an offset (2027-01-01T08:00:00+08:00), in a sane range. */
export const instant = z.iso
  .datetime({
    offset: true,
    error:
      'must be an ISO 8601 instant with its UTC offset, e.g. 2027-01-01T08:00:00+08:00 (in a URL query, write "+" as %2B)',
  })
  .refine((v) => yearOk(Number(v.slice(0, 4))), YEAR_MESSAGE)
  .refine(
    (v) => Math.abs(offsetMinutes(v)) <= MAX_OFFSET_MINUTES,
    'UTC offset must be within -14:00 … +14:00',
  );

/** A calendar date (2027-01-01), in a sane range. */
export const localDate = z.iso
  .date({ error: 'must be a calendar date YYYY-MM-DD, e.g. 2027-01-01' })
  .refine((v) => yearOk(Number(v.slice(0, 4))), YEAR_MESSAGE);

/** Whole days from `from` to `to` (calendar dates, both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * A query-string flag: exactly `true` or `false` (a JSON boolean on the bus). Not
 * `z.coerce.boolean()`, which turns the string "false" into true.
 */
export const flag = z
  .union([z.boolean(), z.enum(['true', 'false'])], {
    error: 'must be true or false',
  })
  .transform((v) => v === true || v === 'true');

/** C0 controls but tab, line feed and carriage return; PostgreSQL refuses NUL outright. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Half of a surrogate pair without its other half: PostgreSQL would store U+FFFD instead. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text a person could have typed: no NUL, no other control characters, no broken UTF-16. */
export function isSafeText(value: string): boolean {
  return !CONTROL.test(value) && !LONE_SURROGATE.test(value);
}

const SAFE_TEXT_MESSAGE = 'must not contain NUL, control characters or unpaired surrogates';

/** Required free text of at most `max` characters, trimmed. */
export const text = (max: number) =>
  z.string().trim().min(1).max(max).refine(isSafeText, SAFE_TEXT_MESSAGE);

/** Optional free text of at most `max` characters, trimmed (may be empty). */
export const optionalText = (max: number) =>
  z.string().trim().max(max).refine(isSafeText, SAFE_TEXT_MESSAGE).optional();

/**
 * The first string (or key) anywhere in an input that is not safe text, as a dotted path; every
 * boundary runs it before the schema, so a field typed as a plain string cannot slip through.
 * Iterative, and bounded by `maxNodes`, so no input can make it recurse or run long.
 */
export function findUnsafeText(input: unknown, maxNodes = 100_000): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value: input, path: '' }];
  for (let seen = 0; stack.length > 0 && seen < maxNodes; seen++) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isSafeText(value)) return path || '(root)';
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: path ? `${path}.${i}` : String(i) }));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const at = path ? `${path}.${k}` : k;
        if (!isSafeText(k)) return `${path ? `${path}.` : ''}(a key)`;
        stack.push({ value: v, path: at });
      }
    }
  }
  return undefined;
}

export const UNSAFE_TEXT_MESSAGE = SAFE_TEXT_MESSAGE;

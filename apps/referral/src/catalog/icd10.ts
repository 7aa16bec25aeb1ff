/**
 * ICD-10 range matching. A bound of three characters names a whole category (I20 covers
 * I20.0–I20.9); a longer bound is compared code by code. Codes are already upper-cased.
 */
export interface CodeRange {
  from: string;
  to: string;
}

function comparable(code: string, bound: string): string {
  return bound.length === 3 ? code.slice(0, 3) : code;
}

export function inRange(code: string, range: CodeRange): boolean {
  return comparable(code, range.from) >= range.from && comparable(code, range.to) <= range.to;
}

export function inAnyRange(code: string, ranges: CodeRange[]): boolean {
  return ranges.some((r) => inRange(code, r));
}

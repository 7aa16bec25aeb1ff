import type { Answer } from '../../api/client';

export type Catalog = Answer<'/api/v1/referral-catalog', 'get'>;
export type CatalogEntry = Catalog['UP'][number];

/** The API's ICD-10 shape for a referral diagnosis (I20, I20.0, S06.21). */
export const ICD10 = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$/;

/** Codes as typed ("i20.0, I10；E11") → upper-case codes, in order, without repeats. */
export function parseCodes(text: string | undefined): string[] {
  const codes = (text ?? '')
    .toUpperCase()
    .split(/[\s,，;；、]+/)
    .filter(Boolean);
  return [...new Set(codes)];
}

/**
 * The referral service's own rule (apps/referral/src/catalog/icd10.ts): a bound of three
 * characters covers its whole category (I20 covers I20.0–I20.9); a longer bound is compared
 * code by code.
 */
export function inEntry(code: string, e: CatalogEntry): boolean {
  const comparable = (bound: string) => (bound.length === 3 ? code.slice(0, 3) : code);
  return comparable(e.from) >= e.from && comparable(e.to) <= e.to;
}

export interface Verdict {
  /** Every code has the ICD-10 shape the API accepts. */
  wellFormed: boolean;
  badCodes: string[];
  inCatalog: boolean;
  /** The catalog entries the codes fall in, for the ✓ line. */
  matches: CatalogEntry[];
  /** Why a justification is needed, in the words a coordinator reads. */
  problem?: string;
}

/**
 * R2 as the server decides it: an up-referral needs an UP diagnosis and not only primary-care
 * (基层首诊) ones; a down-referral needs a DOWN diagnosis. The server checks again on submission
 * and stays the authority; this only tells the coordinator early.
 */
export function checkCatalog(catalog: Catalog, direction: 'UP' | 'DOWN', codes: string[]): Verdict {
  const badCodes = codes.filter((c) => !ICD10.test(c));
  const list = direction === 'UP' ? catalog.UP : catalog.DOWN;
  const matches = list.filter((e) => codes.some((c) => inEntry(c, e)));
  const base = { wellFormed: badCodes.length === 0, badCodes, matches };
  if (codes.length === 0) return { ...base, inCatalog: false };
  if (direction === 'DOWN')
    return matches.length > 0
      ? { ...base, inCatalog: true }
      : { ...base, inCatalog: false, problem: '诊断均不在本医共体下转目录内' };
  const primaryOnly = codes.every((c) => catalog.PRIMARY_CARE.some((e) => inEntry(c, e)));
  if (matches.length > 0 && !primaryOnly) return { ...base, inCatalog: true };
  return {
    ...base,
    inCatalog: false,
    problem: primaryOnly
      ? '诊断均属基层首诊病种，原则上应在基层诊治'
      : '诊断均不在本医共体上转目录内',
  };
}

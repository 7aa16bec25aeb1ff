import type { Request } from 'express';
import { AppError, isSafeText, uuid } from '@app/shared';
import { publicBase } from '../common/request-context';
import { warningOutcome } from './operation-outcome';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;
const PAGING = new Set(['_count', '_offset']);

export interface FhirSearch {
  /** The supported parameters given, one value each. */
  params: Record<string, string>;
  count: number;
  offset: number;
  /** Parameters ignored under lenient handling, for the searchset's OperationOutcome. */
  ignored: string[];
}

/**
 * FHIR search parameters against the ones a resource supports (the CapabilityStatement's list).
 * Unknown ones are ignored and reported (lenient, the default) or refused with 400 when the
 * client sends `Prefer: handling=strict` (FHIR R4 3.1.1.5.4).
 */
export function parseSearch(req: Request, supported: readonly string[]): FhirSearch {
  const strict = /handling\s*=\s*strict/i.test(req.header('prefer') ?? '');
  const params: Record<string, string> = {};
  const ignored: string[] = [];
  let count = DEFAULT_COUNT;
  let offset = 0;
  for (const [name, raw] of Object.entries(req.query)) {
    if (typeof raw !== 'string')
      throw AppError.validation(`Search parameter ${name} is given more than once`);
    if (name === '_count' || name === '_offset') {
      if (!/^\d{1,6}$/.test(raw)) throw AppError.validation(`${name} must be a whole number`);
      if (name === '_count') count = Math.min(Number(raw), MAX_COUNT);
      else offset = Math.min(Number(raw), 100_000);
    } else if (supported.includes(name)) {
      if (raw.length > 200) throw AppError.validation(`${name} is longer than 200 characters`);
      if (!isSafeText(raw)) throw AppError.validation(`${name} contains control characters`);
      params[name] = raw;
    } else if (strict) {
      throw AppError.validation(
        `Unknown search parameter ${name.slice(0, 64)}; supported: ${[...supported, ...PAGING].join(', ')}`,
      );
    } else ignored.push(name.slice(0, 64));
  }
  return { params, count, offset, ignored };
}

/** token: `system|code`, `code` or `|code`. */
export function token(value: string): { system?: string; code: string } {
  const bar = value.indexOf('|');
  if (bar < 0) return { code: value };
  return { system: bar > 0 ? value.slice(0, bar) : undefined, code: value.slice(bar + 1) };
}

/**
 * A searchset of matches read whole and paged here (a community's few hundred institutions,
 * one department's slots): the page `search` asks for, each as `toResource` makes it.
 */
export function pagedSearchset<T>(
  req: Request,
  type: string,
  search: FhirSearch,
  matches: T[],
  toResource: (match: T) => fhir4.FhirResource,
): fhir4.Bundle {
  const page = matches.slice(search.offset, search.offset + search.count);
  return searchset(
    req,
    type,
    search,
    page.map((m) => toResource(m)),
    matches.length,
  );
}

/** A searchset Bundle with total and absolute self/next links (FHIR R4 3.1.1.3). */
export function searchset(
  req: Request,
  type: string,
  search: FhirSearch,
  resources: fhir4.FhirResource[],
  total: number,
): fhir4.Bundle {
  const base = `${fhirBase(req)}/${type}`;
  const link = (offset: number) => {
    const q = new URLSearchParams({ ...search.params, _count: String(search.count) });
    if (offset) q.set('_offset', String(offset));
    return `${base}?${q.toString()}`;
  };
  const links: fhir4.BundleLink[] = [{ relation: 'self', url: link(search.offset) }];
  if (search.offset + resources.length < total)
    links.push({ relation: 'next', url: link(search.offset + search.count) });
  const entries: fhir4.BundleEntry[] = resources.map((r) => ({
    fullUrl: `${fhirBase(req)}/${r.resourceType}/${r.id}`,
    resource: r,
    search: { mode: 'match' },
  }));
  if (search.ignored.length)
    entries.push({
      resource: warningOutcome(
        search.ignored.map((p) => `Search parameter ${p} is not supported and was ignored`),
      ),
      search: { mode: 'outcome' },
    });
  return { resourceType: 'Bundle', type: 'searchset', total, link: links, entry: entries };
}

/** /fhir as the client reached it. */
export const fhirBase = (req: Request): string => publicBase(req, '/fhir');

/** A logical id of ours: a UUID (anything else cannot exist, so it is a 404, not a lookup). */
export const isUuid = (id: string): boolean => uuid.safeParse(id).success;

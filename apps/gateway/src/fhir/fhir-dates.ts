import { AppError } from '@app/shared';

/** FHIR dates without a zone are the server's local time: the 医共体's, Asia/Shanghai. */
const LOCAL_OFFSET = '+08:00';
const DAY_MS = 86_400_000;
const DATE =
  /^(eq|ge|gt|le|lt)?(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A date search value (`ge2026-12-01`, `lt2026-12-02T08:00:00+08:00`) as a half-open range
 * [from, to) of instants. A day means the whole local day (FHIR R4 3.1.1.4.3: a date value
 * is a range at its own precision).
 */
export function dateRange(value: string, param: string): { from?: string; to?: string } {
  const m = DATE.exec(value);
  const start = m && Date.parse(m[3] ? `${m[2]}${m[3]}` : `${m[2]}T00:00:00${LOCAL_OFFSET}`);
  const year = m ? Number(m[2].slice(0, 4)) : 0;
  if (!m || !Number.isFinite(start) || year < 1900 || year > 2100 || !validDay(m[2]))
    throw AppError.validation(
      `${param} must be [eq|ge|gt|le|lt]YYYY-MM-DD or a full instant with its offset (URL-encode "+" as %2B)`,
    );
  const width = m[3] ? 1 : DAY_MS;
  const at = (ms: number) => new Date(ms).toISOString();
  switch (m[1] ?? 'eq') {
    case 'ge':
      return { from: at(start!) };
    case 'gt':
      return { from: at(start! + width) };
    case 'le':
      return { to: at(start! + width) };
    case 'lt':
      return { to: at(start!) };
    default:
      return { from: at(start!), to: at(start! + width) };
  }
}

export const lastUpdatedRange = (value: string) => dateRange(value, '_lastUpdated');

function validDay(day: string): boolean {
  const [y, mo, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A local calendar day (YYYY-MM-DD) in Asia/Shanghai, for an instant. */
export function localDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

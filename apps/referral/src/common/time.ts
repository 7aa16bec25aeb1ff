/** PostgreSQL hands back Date objects; contracts carry ISO strings. */
export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value).toISOString();
}

export function isoRequired(value: Date | string): string {
  return new Date(value).toISOString();
}

/** Schedules are planned in local time; the community works in Asia/Shanghai (UTC+8, no DST). */
export const LOCAL_OFFSET = '+08:00';

export function localInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00${LOCAL_OFFSET}`);
}

export function localDateOf(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

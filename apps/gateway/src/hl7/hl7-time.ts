/**
 * HL7 DTM (§2.A.22): YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]. A time without an offset is local
 * time of the sender, which here is China Standard Time (+08:00, no daylight saving).
 */
const DTM = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.\d{1,4})?([+-]\d{4})?$/;
const CST_OFFSET = '+08:00';

/** An ISO 8601 instant with its offset, or undefined when the value is not a valid DTM. */
export function dtmToIso(value: string): string | undefined {
  const m = DTM.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', tz] = m;
  const offset = tz ? `${tz.slice(0, 3)}:${tz.slice(3)}` : CST_OFFSET;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`;
  const at = new Date(iso);
  // Date rolls 2027-02-30 over to March: a date that does not exist is refused, not moved.
  if (Number.isNaN(at.getTime())) return undefined;
  const back = new Date(at.getTime() + offsetMs(offset));
  if (back.getUTCMonth() + 1 !== Number(mo) || back.getUTCDate() !== Number(d)) return undefined;
  return iso;
}

/** A calendar date YYYY-MM-DD from a DT or DTM value. */
export function dtmToDate(value: string): string | undefined {
  const iso = dtmToIso(value);
  return iso?.slice(0, 10);
}

function offsetMs(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
}

/** Now (or `at`) as a DTM in China Standard Time, e.g. 20270101083000+0800. */
export function hl7Now(at: Date = new Date()): string {
  const local = new Date(at.getTime() + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 4)}${local.slice(5, 7)}${local.slice(8, 10)}${local.slice(11, 13)}${local.slice(14, 16)}${local.slice(17, 19)}+0800`;
}

/** An instant as a DTM in China Standard Time. */
export function isoToDtm(iso: string): string {
  return hl7Now(new Date(iso));
}

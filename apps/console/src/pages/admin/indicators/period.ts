import dayjs, { type Dayjs } from 'dayjs';
import { TIME_ZONE } from '../../../i18n/locale';

/**
 * Indicator periods are half-open [from, to) on Beijing calendar days, at most 366 days (the
 * server's limit). Dates here are plain 'YYYY-MM-DD' strings of Beijing days; arithmetic on them
 * is done in UTC so the laptop's own zone (and its DST) cannot shift a day.
 */
export interface Period {
  /** First day, inclusive. */
  fromDate: string;
  /** Last day, inclusive (as the picker shows it). */
  toDate: string;
}

export const MAX_DAYS = 366;

const day = (d: string) => dayjs.utc(d);
/** Beijing midnight at the start of a day, as the API takes it (Beijing has no DST). */
export const startOf = (date: string) => `${date}T00:00:00+08:00`;

export function todayInBeijing(): string {
  return dayjs().tz(TIME_ZONE).format('YYYY-MM-DD');
}

/** The last 12 months: from the first day of the month 11 months ago up to today. */
export function defaultPeriod(today = todayInBeijing()): Period {
  return {
    fromDate: day(today).subtract(11, 'month').startOf('month').format('YYYY-MM-DD'),
    toDate: today,
  };
}

/** The API's query for a period: from its first day's midnight to the midnight after its last. */
export function query(p: Period): { from: string; to: string } {
  return {
    from: startOf(p.fromDate),
    to: startOf(day(p.toDate).add(1, 'day').format('YYYY-MM-DD')),
  };
}

export function spanDays(p: Period): number {
  return day(p.toDate).diff(day(p.fromDate), 'day') + 1;
}

export interface Month {
  /** e.g. 2026-03 */
  label: string;
  period: Period;
}

/** The calendar months the period touches, each cut to the period. */
export function monthsOf(p: Period): Month[] {
  const months: Month[] = [];
  for (let m = day(p.fromDate).startOf('month'); !m.isAfter(day(p.toDate)); m = m.add(1, 'month')) {
    const first = m.format('YYYY-MM-DD');
    const last = m.endOf('month').format('YYYY-MM-DD');
    months.push({
      label: m.format('YYYY-MM'),
      period: {
        fromDate: first < p.fromDate ? p.fromDate : first,
        toDate: last > p.toDate ? p.toDate : last,
      },
    });
  }
  return months;
}

/** A picked date-time read as Beijing wall-clock time, whatever zone the laptop is set to. */
export function beijingInstant(picked: Dayjs): string {
  return dayjs.tz(picked.format('YYYY-MM-DDTHH:mm:ss'), TIME_ZONE).toISOString();
}

/** A Beijing date as a picker value (local midnight of that calendar date). */
export const pickerValue = (date: string) => dayjs(date);

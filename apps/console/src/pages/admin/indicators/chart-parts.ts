import type { T } from '../i18n';

/**
 * Pieces of chart options more than one indicator uses, so the same kind of figure looks
 * the same on the referral and the study panels.
 */

/** Vertical bars of one series, each with its value on top. */
export const bars = (name: string, data: (number | null)[], color: string) => ({
  name,
  type: 'bar' as const,
  data,
  itemStyle: { color },
  label: { show: true, position: 'top' as const },
});

/** The tooltip of a chart in hours: a month or priority without a figure says so. */
export const hoursTooltip = (t: T) => ({
  trigger: 'axis' as const,
  valueFormatter: (v: unknown) => (v === null ? t('noData') : t('hoursValue', { v: String(v) })),
});

/** Horizontal bars, longest at the top, with room for Chinese institution names. */
export function horizontal(
  names: string[],
  series: { name: string; data: number[]; color: string }[],
) {
  return {
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0 },
    grid: { left: 8, right: 40, top: 30, bottom: 20, containLabel: true },
    xAxis: { type: 'value' as const, minInterval: 1 },
    yAxis: { type: 'category' as const, data: names, inverse: true },
    series: series.map((s) => ({
      name: s.name,
      type: 'bar' as const,
      data: s.data,
      itemStyle: { color: s.color },
      label: { show: true, position: 'right' as const },
    })),
  };
}

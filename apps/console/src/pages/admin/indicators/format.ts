/** How the indicator tables write numbers; the browser walk formats the API's numbers the same way. */
export const num = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : String(n);

/** A share (0.5) as a percentage with one decimal (50.0%). */
export const pct = (r: number | null | undefined): string =>
  r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`;

/** Minutes as hours with one decimal, for chart axes. */
export const hours = (minutes: number | null | undefined): number | null =>
  minutes === null || minutes === undefined ? null : Math.round((minutes / 60) * 10) / 10;

export const PRIORITIES = ['STAT', 'URGENT', 'ROUTINE'] as const;

export const UP_COLOR = '#1266c2';
export const DOWN_COLOR = '#d46b08';

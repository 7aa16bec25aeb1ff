import { Priority, PRIORITIES } from '@app/shared';

/** The most urgent of the given priorities (STAT before URGENT before ROUTINE), or null. */
export function mostUrgent(...priorities: (Priority | null | undefined)[]): Priority | null {
  const given = priorities.filter((p): p is Priority => !!p);
  if (given.length === 0) return null;
  return given.reduce((a, b) => (PRIORITIES.indexOf(a) <= PRIORITIES.indexOf(b) ? a : b));
}

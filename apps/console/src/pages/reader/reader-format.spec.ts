import { describe, expect, it } from '@jest/globals';
import { ageOn, clock, turnaround, waited } from './reader-format';

describe('reading time words', () => {
  it('shows a countdown as h:mm:ss, with days when long', () => {
    expect(clock(0)).toBe('0:00:00');
    expect(clock(65_000)).toBe('0:01:05');
    expect(clock(-3_723_000)).toBe('1:02:03');
    expect(clock(90_061_000)).toBe('1天 01:01:01');
  });

  it('says how long a study waited', () => {
    expect(waited(59_000)).toBe('0分钟');
    expect(waited(125 * 60_000)).toBe('2小时5分');
    expect(waited(120 * 60_000)).toBe('2小时');
    expect(waited(27 * 3_600_000)).toBe('1天3小时');
  });

  it('turns the turnaround red once breached and warns in its last quarter', () => {
    const requested = '2026-12-01T00:00:00.000Z';
    const due = '2026-12-01T02:00:00.000Z';
    const at = (iso: string) => Date.parse(iso);
    expect(turnaround(requested, due, at('2026-12-01T00:30:00Z'))).toEqual({
      remainingMs: 90 * 60_000,
      state: 'ok',
    });
    expect(turnaround(requested, due, at('2026-12-01T01:45:00Z'))?.state).toBe('soon');
    expect(turnaround(requested, due, at('2026-12-01T02:00:01Z'))).toEqual({
      remainingMs: -1000,
      state: 'breached',
    });
    expect(turnaround(requested, null, 0)).toBeNull();
  });

  it('gives the age in whole years', () => {
    expect(ageOn('1949-12-31', new Date(2026, 11, 3))).toBe(76);
    expect(ageOn('1950-12-03', new Date(2026, 11, 3))).toBe(76);
    expect(ageOn('1950-12-04', new Date(2026, 11, 3))).toBe(75);
  });
});

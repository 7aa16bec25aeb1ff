import { describeShortfall, quotaShortfalls } from './quota';

describe('referral quota (R4)', () => {
  const dept = '00000000-0000-4000-8000-000000000001';

  it('accepts exactly one third for slots and one quarter for beds', () => {
    expect(
      quotaShortfalls([{ departmentId: dept, date: '2026-12-01', referral: 10, total: 30 }], 1 / 3),
    ).toEqual([]);
    expect(
      quotaShortfalls([{ departmentId: dept, date: null, referral: 5, total: 20 }], 0.25),
    ).toEqual([]);
  });

  it('refuses less, and explains with figures', () => {
    const [s] = quotaShortfalls(
      [{ departmentId: dept, date: '2026-12-01', referral: 9, total: 30 }],
      1 / 3,
    );
    expect(s.share).toBeCloseTo(0.3);
    expect(describeShortfall(s, 'slots')).toBe(
      'on 2026-12-01 the REFERRAL pool would hold 9 of 30 slots (30.0%); the community requires at least 33.3%',
    );
  });

  it('ignores days without capacity', () => {
    expect(
      quotaShortfalls([{ departmentId: dept, date: '2026-12-01', referral: 0, total: 0 }], 0.5),
    ).toEqual([]);
  });
});

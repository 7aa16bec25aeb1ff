import { mostUrgent } from './priority';

describe('mostUrgent', () => {
  it('prefers STAT, then URGENT, then ROUTINE, ignoring missing values', () => {
    expect(mostUrgent('ROUTINE', 'URGENT')).toBe('URGENT');
    expect(mostUrgent('URGENT', null, 'STAT', 'ROUTINE')).toBe('STAT');
    expect(mostUrgent('ROUTINE', undefined)).toBe('ROUTINE');
    expect(mostUrgent(null, undefined)).toBeNull();
  });
});

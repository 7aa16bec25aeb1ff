import { dtmToDate, dtmToIso, hl7Now } from './hl7-time';

describe('HL7 DTM', () => {
  it('reads precision from year to seconds, local China time without an offset', () => {
    expect(dtmToIso('20270301083000')).toBe('2027-03-01T08:30:00+08:00');
    expect(dtmToIso('202703')).toBe('2027-03-01T00:00:00+08:00');
    expect(dtmToIso('20270301083000.123-0500')).toBe('2027-03-01T08:30:00-05:00');
    expect(dtmToDate('19900101')).toBe('1990-01-01');
  });

  it('refuses what is not a date', () => {
    for (const bad of ['2027023', '20270230', '20271301', '20270101250000', 'abc', ''])
      expect(dtmToIso(bad)).toBeUndefined();
  });

  it('writes now in +0800', () => {
    expect(hl7Now(new Date('2027-01-01T00:30:00Z'))).toBe('20270101083000+0800');
  });
});

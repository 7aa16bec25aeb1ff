import { Hl7Error } from './hl7-error';
import {
  escapeHl7,
  parseHl7,
  segmentsOf,
  unescapeHl7,
  valueOf,
  STANDARD_DELIMITERS,
} from './hl7-message';

describe('HL7 v2 parsing', () => {
  const text = [
    'MSH|^~\\&|HIS|PJ|CMC|CMC|20270101083000||ADT^A04^ADT_A01|MSG1|P|2.5.1',
    'PID|1||ID1^^^CHN^NNCHN~MRN9^^^HIS^MR||张^三||19900101|M',
  ].join('\r');

  it('reads MSH-n with MSH-1 as the field separator, and components of repetitions', () => {
    const m = parseHl7(text, 100);
    const msh = segmentsOf(m, 'MSH')[0];
    expect(valueOf(m, msh, 1)).toBe('|');
    expect(valueOf(m, msh, 2)).toBe('^~\\&');
    expect(valueOf(m, msh, 9, 1)).toBe('ADT');
    expect(valueOf(m, msh, 9, 2)).toBe('A04');
    expect(valueOf(m, msh, 10)).toBe('MSG1');
    const pid = segmentsOf(m, 'PID')[0];
    expect(valueOf(m, pid, 3, 1, 1)).toBe('MRN9');
    expect(valueOf(m, pid, 3, 5, 0)).toBe('NNCHN');
    expect(valueOf(m, pid, 5, 2)).toBe('三');
    expect(valueOf(m, pid, 99)).toBe('');
  });

  it('takes the delimiters the message declares, and LF segment ends', () => {
    const m = parseHl7('MSH#*@!$#A#B\nPID#1##X*Y', 100);
    expect(m.delimiters).toMatchObject({
      field: '#',
      component: '*',
      repetition: '@',
      escape: '!',
    });
    expect(valueOf(m, segmentsOf(m, 'PID')[0], 3, 2)).toBe('Y');
  });

  it('refuses no MSH (AR), bad delimiters (AR), a bad segment name (AE), too many segments (AR)', () => {
    const fail = (t: string, max = 100) => {
      try {
        parseHl7(t, max);
      } catch (e) {
        return e as Hl7Error;
      }
      throw new Error('parsed');
    };
    expect(fail('PID|1')).toMatchObject({ ack: 'AR', location: { segment: 'MSH' } });
    expect(fail('MSH|^^\\&|A')).toMatchObject({
      ack: 'AR',
      location: { segment: 'MSH', field: 2 },
    });
    expect(fail('MSH|^~\\&|A\rpid|1')).toMatchObject({ ack: 'AE', code: '100' });
    expect(fail('MSH|^~\\&|A\rPID|1\rPV1|1', 2)).toMatchObject({ ack: 'AR' });
    expect(fail('MSH|^~\\&|A\rMSH|^~\\&|B')).toMatchObject({
      ack: 'AR',
      location: { sequence: 2 },
    });
  });

  it('escapes and unescapes delimiters and line breaks (§2.7)', () => {
    const raw = 'a|b^c~d\\e&f\nline 2';
    const escaped = escapeHl7(raw);
    expect(escaped).toBe('a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f\\.br\\line 2');
    expect(unescapeHl7(escaped, STANDARD_DELIMITERS)).toBe(raw);
    expect(unescapeHl7('x\\X41\\y\\Zunknown\\z\\', STANDARD_DELIMITERS)).toBe('xAyz\\');
  });
});

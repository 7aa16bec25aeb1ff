import { AppError } from '@app/shared';
import { parseQido } from './qido-params';

const refused = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
  throw new Error('accepted');
};

describe('QIDO-RS query parameters (PS3.18 8.3.4)', () => {
  it('takes attributes by keyword or by tag, alike', () => {
    const byKeyword = parseQido('study', {}, { PatientID: 'PJ1' }).query.filters;
    const byTag = parseQido('study', {}, { '00100020': 'PJ1' }).query.filters;
    expect(byKeyword).toEqual(byTag);
    expect(byKeyword).toEqual([{ tag: '00100020', kind: 'pattern', pattern: 'PJ1' }]);
  });

  it('parses date and time ranges, open at either end', () => {
    const f = (q: Record<string, string>) => parseQido('study', {}, q).query.filters[0];
    expect(f({ StudyDate: '20260101-20261231' })).toMatchObject({
      from: '20260101',
      to: '20261231',
    });
    expect(f({ StudyDate: '-20261231' })).toMatchObject({ from: null, to: '20261231' });
    expect(f({ StudyDate: '20260101' })).toMatchObject({ from: '20260101', to: '20260101' });
    expect(f({ StudyTime: '0930-10' })).toMatchObject({ from: '093000', to: '109999' });
    expect(f({ StudyTime: '093015.5' })).toMatchObject({ from: '093015', to: '093015' });
  });

  it('refuses bad dates, times, numbers and unknown attributes with a message', () => {
    expect(refused(() => parseQido('study', {}, { StudyDate: '2026-01-01' }))).toMatch(/YYYYMMDD/);
    expect(refused(() => parseQido('study', {}, { StudyDate: '20260230' }))).toMatch(/YYYYMMDD/);
    expect(refused(() => parseQido('study', {}, { StudyDate: '20261231-20260101' }))).toMatch(
      /ends before/,
    );
    expect(refused(() => parseQido('study', {}, { StudyTime: '2500' }))).toMatch(/HHMMSS/);
    expect(refused(() => parseQido('study', {}, { limit: '-1' }))).toMatch(/limit/);
    expect(refused(() => parseQido('study', {}, { offset: '1e3' }))).toMatch(/offset/);
    expect(refused(() => parseQido('study', {}, { Foo: '1' }))).toMatch(/Unknown query parameter/);
    expect(refused(() => parseQido('study', {}, { Modality: 'CT' }))).toMatch(
      /not a matching key of a study search/,
    );
    expect(refused(() => parseQido('study', {}, { PatientID: ['a', 'b'] }))).toMatch(
      /more than once/,
    );
    expect(refused(() => parseQido('study', {}, { StudyInstanceUID: '1.2,abc' }))).toMatch(
      /not a UID/,
    );
    expect(refused(() => parseQido('study', {}, { fuzzymatching: 'yes' }))).toMatch(
      /true or false/,
    );
    expect(refused(() => parseQido('study', {}, { PatientName: 'a\u0000b' }))).toMatch(/control/);
  });

  it('matches series keys at series level and below, study keys everywhere', () => {
    expect(parseQido('series', {}, { Modality: 'ct', PatientID: 'x' }).query.filters).toEqual([
      { tag: '00080060', kind: 'list', values: ['CT'] },
      { tag: '00100020', kind: 'pattern', pattern: 'x' },
    ]);
    expect(parseQido('instance', {}, { SOPClassUID: '1.2.3' }).query.filters).toHaveLength(1);
  });

  it('reads includefield lists, universal matching and limits, and warns where it cannot comply', () => {
    const parsed = parseQido(
      'study',
      {},
      {
        includefield: ['00081030,PatientAge', 'StudyID'],
        PatientName: '*',
        limit: '5000',
        fuzzymatching: 'true',
      },
    );
    expect(parsed.query.includeFields).toEqual(['00081030', '00101010', '00200010', '00100010']);
    expect(parsed.query.filters).toEqual([]);
    expect(parsed.query.limit).toBe(1000);
    expect(parsed.warnings).toHaveLength(2);
    expect(parseQido('study', {}, { includefield: 'all' }).query.includeFields).toBe('all');
  });
});

import { inAnyRange, inRange } from './icd10';

describe('ICD-10 ranges', () => {
  it('treats three-character bounds as whole categories', () => {
    expect(inRange('I21.0', { from: 'I20', to: 'I25' })).toBe(true);
    expect(inRange('I25.9', { from: 'I20', to: 'I25' })).toBe(true);
    expect(inRange('I26.0', { from: 'I20', to: 'I25' })).toBe(false);
    expect(inRange('I19', { from: 'I20', to: 'I25' })).toBe(false);
  });

  it('compares detailed bounds code by code', () => {
    expect(inRange('S72.0', { from: 'S72.0', to: 'S72.2' })).toBe(true);
    expect(inRange('S72.3', { from: 'S72.0', to: 'S72.2' })).toBe(false);
  });

  it('matches any of several ranges', () => {
    expect(
      inAnyRange('E11.9', [
        { from: 'I10', to: 'I15' },
        { from: 'E10', to: 'E14' },
      ]),
    ).toBe(true);
    expect(inAnyRange('J45', [{ from: 'I10', to: 'I15' }])).toBe(false);
  });
});

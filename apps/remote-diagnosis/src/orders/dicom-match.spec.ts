import { likePattern } from './dicom-match';

describe('likePattern', () => {
  it('turns DICOM * and ? into LIKE % and _', () => {
    expect(likePattern('ZHANG*')).toBe('ZHANG%');
    expect(likePattern('C?')).toBe('C_');
    expect(likePattern('*1?3*')).toBe('%1_3%');
  });

  it('escapes LIKE wildcards and the escape character, so they match only themselves', () => {
    expect(likePattern('100%')).toBe('100\\%');
    expect(likePattern('A_B')).toBe('A\\_B');
    expect(likePattern('a\\b*')).toBe('a\\\\b%');
  });

  it('leaves an exact value exact, one character per code point', () => {
    expect(likePattern('3f2a-9c')).toBe('3f2a-9c');
    expect(likePattern('张?丰')).toBe('张_丰');
    expect(likePattern('𠀋?')).toBe('𠀋_');
  });
});

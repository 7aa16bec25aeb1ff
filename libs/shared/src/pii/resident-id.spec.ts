import {
  maskPhone,
  maskResidentId,
  PiiVault,
  residentIdCheckChar,
  residentIdFacts,
  validateResidentId,
} from './resident-id';

describe('GB 11643 resident ID', () => {
  it('computes the ISO 7064 MOD 11-2 check character of the standard example', () => {
    // GB 11643-1999's own example number.
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(validateResidentId('11010519491231002X')).toEqual({
      ok: true,
      value: '11010519491231002X',
    });
  });

  it('accepts a lowercase x and surrounding spaces', () => {
    expect(validateResidentId(' 11010519491231002x ')).toEqual({
      ok: true,
      value: '11010519491231002X',
    });
  });

  it.each([
    ['110105194912310021', 'check_digit'],
    ['11010519491332002X', 'birth_date'],
    ['11010518990101002X', 'birth_date'],
    ['110105194912310', 'format'],
    ['1101051949123100AX', 'format'],
    ['', 'format'],
  ])('rejects %s as %s', (value, problem) => {
    expect(validateResidentId(value)).toEqual({ ok: false, problem });
  });

  it('rejects a birth date in the future', () => {
    const next = new Date().getUTCFullYear() + 1;
    const first17 = `110105${next}0101001`;
    expect(validateResidentId(first17 + residentIdCheckChar(first17))).toEqual({
      ok: false,
      problem: 'birth_date',
    });
  });

  it('reads birth date and sex from the number', () => {
    expect(residentIdFacts('11010519491231002X')).toEqual({
      birthDate: '1949-12-31',
      sex: 'female',
    });
    expect(residentIdFacts('110105198001010059')).toEqual({ birthDate: '1980-01-01', sex: 'male' });
  });

  it('masks a mobile number to its first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks all but the first four and last four characters', () => {
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X');
  });
});

describe('PiiVault', () => {
  const vault = new PiiVault('11'.repeat(32));

  it('matches the same number to the same keyed hash, and a different key to another', () => {
    expect(vault.matchHash('11010519491231002X')).toBe(vault.matchHash('11010519491231002X'));
    expect(new PiiVault('22'.repeat(32)).matchHash('11010519491231002X')).not.toBe(
      vault.matchHash('11010519491231002X'),
    );
  });

  it('encrypts with a fresh nonce and decrypts back', () => {
    const a = vault.encrypt('11010519491231002X');
    const b = vault.encrypt('11010519491231002X');
    expect(a).not.toBe(b);
    expect(a).not.toContain('11010519491231002X');
    expect(vault.decrypt(a)).toBe('11010519491231002X');
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = vault.encrypt('11010519491231002X').split('.');
    sealed[3] = Buffer.from('00000000000000000X').toString('base64');
    expect(() => vault.decrypt(sealed.join('.'))).toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new PiiVault('abcd')).toThrow(/32 bytes/);
  });
});

import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** GB 11643-1999: 17 digits, then a check character from ISO 7064 MOD 11-2. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export type ResidentIdProblem = 'format' | 'birth_date' | 'check_digit';

export function validateResidentId(
  raw: string,
): { ok: true; value: string } | { ok: false; problem: ResidentIdProblem } {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const valid =
    y >= 1900 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === d &&
    date.getTime() <= Date.now();
  if (!valid) return { ok: false, problem: 'birth_date' };
  if (residentIdCheckChar(value.slice(0, 17)) !== value[17])
    return { ok: false, problem: 'check_digit' };
  return { ok: true, value };
}

/** Birth date and sex are encoded in the number (digits 7–14, and the parity of digit 17). */
export function residentIdFacts(value: string): { birthDate: string; sex: 'male' | 'female' } {
  return {
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** Shown to people: region and check char hidden, e.g. 500228********123X → "5002**********123X". */
export function maskResidentId(value: string): string {
  return `${value.slice(0, 4)}${'*'.repeat(10)}${value.slice(14)}`;
}

/** A mobile number as people see it: 13812345678 → "138****5678". */
export function maskPhone(value: string): string {
  return `${value.slice(0, 3)}****${value.slice(-4)}`;
}

/**
 * Keyed hash for matching (the same person in two clinics finds one record) without storing
 * the number: HMAC-SHA256 under PII_KEY. The value itself is kept AES-256-GCM encrypted.
 */
export class PiiVault {
  private readonly key: Buffer;
  constructor(hexKey: string) {
    this.key = Buffer.from(hexKey, 'hex');
    if (this.key.length !== 32) throw new Error('PII key must be 32 bytes');
  }

  matchHash(value: string): string {
    return createHmac('sha256', this.key).update(`resident-id:${value}`).digest('hex');
  }

  encrypt(value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return [
      'v1',
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      body.toString('base64'),
    ].join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1') throw new Error('Unknown PII envelope version');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  }
}

import { webcrypto } from 'node:crypto';

/**
 * The HS256 key for jose, imported once. Given raw bytes, jose imports a CryptoKey on every
 * sign and verify; a gateway profile under bench:referrals put that import at 2.6 % of its CPU,
 * paid twice per request (the caller's token and the bus actor's).
 */
export function hs256Key(secret: string): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}

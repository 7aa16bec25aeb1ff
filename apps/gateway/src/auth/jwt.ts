import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { roleSchema } from '@app/shared';

/** The claims we sign: enough to rebuild the actor without a database read per request. */
export const claimsSchema = z.object({
  sub: z.string().uuid(),
  name: z.string(),
  inst: z.string().uuid(),
  comm: z.string().uuid(),
  roles: z.array(roleSchema),
  iat: z.number().int(),
  exp: z.number().int(),
  iss: z.literal('cmc-gateway'),
});
export type Claims = z.infer<typeof claimsSchema>;

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function sign(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

export function signJwt(
  claims: Omit<Claims, 'iat' | 'exp' | 'iss'>,
  secret: string,
  ttlSeconds: number,
): string {
  const now = Math.floor(Date.now() / 1000);
  const body = Buffer.from(
    JSON.stringify({ ...claims, iat: now, exp: now + ttlSeconds, iss: 'cmc-gateway' }),
  ).toString('base64url');
  return `${HEADER}.${body}.${sign(`${HEADER}.${body}`, secret)}`;
}

/** HS256 only: the header must be ours byte for byte, so "alg: none" tricks cannot pass. */
export function verifyJwt(token: string, secret: string): Claims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
  const expected = Buffer.from(sign(`${parts[0]}.${parts[1]}`, secret));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const claims = claimsSchema.parse(
      JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')),
    );
    return claims.exp > Math.floor(Date.now() / 1000) ? claims : undefined;
  } catch {
    return undefined;
  }
}

import { createHash, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { Actor, actorSchema } from '../actor/actor';
import { hs256Key } from '../crypto/hmac-key';

/**
 * The actor travels on the bus as a JWS (HS256, `jose`) signed by whoever sends the command:
 * the gateway, or a service calling another on the actor's behalf. The signature covers the
 * actor, the correlation id, the subject, a hash of the body and the time, so a header copied
 * onto another message, another subject or another body fails, and an old one is stale. Each
 * token also has an id that the receiver remembers for as long as the token is fresh, so the
 * same message sent twice is refused the second time.
 */
export const HEADER_ACTOR_TOKEN = 'Cmc-Actor-Token';

const claimsSchema = z.object({
  act: actorSchema,
  cid: z.string().max(100),
  subj: z.string().max(200),
  bh: z.string().length(43),
  jti: z.string().uuid(),
  iat: z.number().int(),
  iss: z.string().max(64),
});

export interface VerifiedActor {
  actor: Actor;
  correlationId: string;
  tokenId: string;
  /** Who signed: cmc-gateway, cmc-remote-diagnosis… */
  signer: string;
}

export class ActorTokenRejected extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ActorTokenRejected';
  }
}

export const bodyHash = (body: Uint8Array) => createHash('sha256').update(body).digest('base64url');

export class ActorSigner {
  /** Imported once, shared by every sign and verify. */
  private readonly key: ReturnType<typeof hs256Key>;

  constructor(
    secret: string,
    private readonly signer: string,
    private readonly maxAgeSeconds: number,
  ) {
    this.key = hs256Key(secret);
  }

  async sign(
    actor: Actor,
    correlationId: string,
    subject: string,
    body: Uint8Array,
  ): Promise<string> {
    return new SignJWT({ act: actor, cid: correlationId, subj: subject, bh: bodyHash(body) })
      .setProtectedHeader({ alg: 'HS256', typ: 'cmc-actor+jwt' })
      .setIssuer(this.signer)
      .setIssuedAt()
      .setJti(randomUUID())
      .sign(await this.key);
  }

  /** The actor of a message, or ActorTokenRejected saying why (missing, forged, stale, moved). */
  async verify(
    token: string | undefined,
    subject: string,
    body: Uint8Array,
  ): Promise<VerifiedActor> {
    if (!token) throw new ActorTokenRejected('the message carries no signed actor');
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, await this.key, {
        algorithms: ['HS256'],
        typ: 'cmc-actor+jwt',
        maxTokenAge: this.maxAgeSeconds,
        clockTolerance: 5,
      }));
    } catch (error) {
      throw new ActorTokenRejected(
        error instanceof errors.JWTExpired ||
          (error as { code?: string }).code === 'ERR_JWT_EXPIRED'
          ? 'the signed actor is stale'
          : `the signed actor does not verify (${(error as { code?: string }).code ?? 'invalid'})`,
      );
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new ActorTokenRejected('the signed actor is malformed');
    if (claims.data.subj !== subject)
      throw new ActorTokenRejected('the signed actor was issued for another subject');
    if (claims.data.bh !== bodyHash(body))
      throw new ActorTokenRejected('the signed actor was issued for another body');
    return {
      actor: claims.data.act,
      correlationId: claims.data.cid,
      tokenId: claims.data.jti,
      signer: claims.data.iss,
    };
  }
}

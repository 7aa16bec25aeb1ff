import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Actor, AppConfig, AppError, BoundedCache, hs256Key, Role, secretOf } from '@app/shared';
import { CONFIG } from '../infra/tokens';
import { csrfTokenFor } from './session-cookie';
import { AuthThrottle } from './auth-throttle';

import { apiKeyMatches, hashPassword, parseApiKey, verifyPassword } from './secrets';

export const TOKEN_ISSUER = 'cmc-gateway';

/** What a token says: only who; what they may do is read from the users table (cached). */
const claimsSchema = z.object({
  sub: z.string().uuid(),
  iat: z.number().int(),
  exp: z.number().int(),
});
type TokenClaims = z.infer<typeof claimsSchema>;

interface UserRow {
  id: string;
  display_name: string;
  institution_id: string;
  community_id: string;
  roles: Role[];
  active: boolean;
  center_ids: string[];
  /** Whole seconds since the epoch of the last password change; tokens issued before it stop. */
  password_changed_s: number | null;
}

/** A user as the token check needs it: who, and since when their tokens count. */
interface CachedUser {
  actor: Actor;
  tokensFrom: number;
}

interface ApiClientRow {
  id: string;
  name: string;
  key_prefix: string;
  key_hash: string;
  previous_key_prefix: string | null;
  previous_key_hash: string | null;
  previous_key_valid: boolean;
  institution_id: string;
  community_id: string;
  scopes: string[];
  active: boolean;
  rate_limit_per_minute: number | null;
}

/** An API key's client as the edge needs it: the actor, and its own rate limit if it has one. */
export interface ApiKeyIdentity {
  actor: Actor;
  rateLimitPerMinute: number | null;
}

const USER_COLUMNS = `u.id, u.display_name, u.institution_id, i.community_id, u.roles, u.active,
  array(SELECT center_id FROM gateway.reading_center_readers r WHERE r.user_id = u.id ORDER BY center_id) AS center_ids,
  floor(extract(epoch FROM u.password_changed_at))::float8 AS password_changed_s`;

const CACHE_ENTRIES = 10_000;
/** How long a verified token's claims are remembered at most (never past its own expiry). */
const VERIFIED_TOKEN_MS = 5 * 60_000;

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  actor: Actor;
}

/**
 * Who is calling. Passwords are checked with constant work whether or not the account exists;
 * tokens are checked against the database (at most ACTOR_CACHE_SECONDS stale), so a disabled user
 * or a changed role stops working within that time (at once on the replica that made the change);
 * API keys at most API_KEY_CACHE_SECONDS. A token issued before the user's last password change
 * is refused: a reset after a leaked password ends the sessions that used it.
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly users: BoundedCache<CachedUser | null>;
  private readonly apiKeys: BoundedCache<ApiKeyIdentity | null>;
  /**
   * Claims of tokens whose signature this replica has checked, by the whole token: a session
   * sends the same token with every request, and jose's HMAC check (a webcrypto job each time)
   * was 9.5 % of the gateway's busy CPU under the claim bench (docs/performance.md, third
   * pass). Only verified tokens go in, each until its own exp, so a
   * forged or expired one is never answered from here; who the user is still comes from
   * `users` (ACTOR_CACHE_SECONDS), so a disabled user or a password change still ends it.
   */
  private readonly verifiedTokens = new BoundedCache<TokenClaims>(CACHE_ENTRIES, VERIFIED_TOKEN_MS);
  /** Hashed once at start: an unknown username costs the same scrypt as a wrong password. */
  private decoyHash = '';
  /** HS256 key for access tokens (jose; HS256 only, our issuer), imported once. */
  private readonly tokenKey: ReturnType<typeof hs256Key>;

  constructor(
    private readonly ds: DataSource,
    private readonly throttle: AuthThrottle,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    this.tokenKey = hs256Key(secretOf(config, 'JWT_SECRET'));
    const ttl = config.ACTOR_CACHE_SECONDS * 1000;
    this.users = new BoundedCache(CACHE_ENTRIES, ttl);
    // API keys get their own, shorter TTL: revocation and the end of a rotation's grace period
    // must take effect within seconds on every replica, without a message between them.
    this.apiKeys = new BoundedCache(CACHE_ENTRIES, config.API_KEY_CACHE_SECONDS * 1000);
  }

  async onModuleInit(): Promise<void> {
    this.decoyHash = await hashPassword(`decoy-${Math.random()}`);
  }

  async login(username: string, password: string, ip: string): Promise<LoginResult> {
    const subjects = [
      { kind: 'ip' as const, ip },
      { kind: 'account' as const, username },
    ];
    await this.throttle.assertAllowed(...subjects);
    const [user]: (UserRow & { password_hash: string })[] = await this.ds.query(
      `SELECT ${USER_COLUMNS}, u.password_hash
         FROM gateway.users u JOIN gateway.institutions i ON i.id = u.institution_id WHERE u.username = $1`,
      [username],
    );
    // The same scrypt work and the same answer for an unknown user, a disabled one and a wrong
    // password: neither the timing nor the message tells which usernames exist.
    const matches = await verifyPassword(password, user?.password_hash ?? this.decoyHash);
    if (!user || !user.active || !matches) {
      await this.throttle.recordFailure(...subjects);
      throw AppError.unauthenticated('Wrong username or password');
    }
    await this.throttle.clearAccount(username);
    const actor = this.userActor(user);
    this.users.set(user.id, { actor, tokensFrom: user.password_changed_s ?? 0 });
    const accessToken = await new SignJWT({ name: user.display_name })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${this.config.JWT_TTL_SECONDS}s`)
      .sign(await this.tokenKey);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.JWT_TTL_SECONDS,
      actor,
    };
  }

  /** The actor of a valid token whose user still exists and is active; else undefined. */
  async actorFromBearer(token: string): Promise<Actor | undefined> {
    const claims = await this.verifiedClaims(token);
    if (!claims) return undefined;
    const { sub, iat } = claims;
    let user = this.users.get(sub);
    if (user === undefined) {
      const [row]: UserRow[] = await this.ds.query(
        `SELECT ${USER_COLUMNS} FROM gateway.users u JOIN gateway.institutions i ON i.id = u.institution_id WHERE u.id = $1`,
        [sub],
      );
      user = row?.active
        ? { actor: this.userActor(row), tokensFrom: row.password_changed_s ?? 0 }
        : null;
      this.users.set(sub, user);
    }
    // Seconds on both sides (iat has no more): a token signed in the second of the change counts.
    return user && iat >= user.tokensFrom ? user.actor : undefined;
  }

  /** The token's claims if its signature, issuer and expiry hold; checked once per token. */
  private async verifiedClaims(token: string): Promise<TokenClaims | undefined> {
    // An entry never outlives its token's exp (set below), so a hit is still valid.
    const cached = this.verifiedTokens.get(token);
    if (cached) return cached;
    try {
      const { payload } = await jwtVerify(token, await this.tokenKey, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const claims = claimsSchema.parse(payload);
      this.verifiedTokens.set(token, claims, claims.exp * 1000 - Date.now());
      return claims;
    } catch {
      return undefined;
    }
  }

  /** The X-CSRF-Token that goes with a console session's token. */
  csrfFor(sessionToken: string): string {
    return csrfTokenFor(sessionToken, secretOf(this.config, 'JWT_SECRET'));
  }

  /** After an admin change to a user on this replica: read again at once (others: the TTL). */
  forgetUser(userId: string): void {
    this.users.delete(userId);
  }

  /** Why a bearer token was refused, for the 401 a person reads: expired, or not ours at all. */
  async bearerFailure(token: string): Promise<'expired' | 'invalid'> {
    try {
      await jwtVerify(token, await this.tokenKey, { algorithms: ['HS256'], issuer: TOKEN_ISSUER });
      return 'invalid'; // verified, so the user is unknown or disabled
    } catch (error) {
      return (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid';
    }
  }

  async actorFromApiKey(key: string): Promise<Actor | undefined> {
    return (await this.apiKeyIdentity(key))?.actor;
  }

  /**
   * The client of a key: its current key, or the previous one while the rotation's grace period
   * lasts. Cached by the whole key for API_KEY_CACHE_SECONDS, so a wrong secret with a real
   * prefix is looked up once per TTL too, and the cache never answers for a key it has not seen.
   */
  async apiKeyIdentity(key: string): Promise<ApiKeyIdentity | undefined> {
    const parsed = parseApiKey(key);
    if (!parsed) return undefined;
    const cached = this.apiKeys.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const [row]: ApiClientRow[] = await this.ds.query(
      `SELECT c.id, c.name, c.key_prefix, c.key_hash, c.previous_key_prefix, c.previous_key_hash,
              coalesce(c.previous_key_expires_at > now(), false) AS previous_key_valid,
              c.institution_id, i.community_id, c.scopes, c.active, c.rate_limit_per_minute
         FROM gateway.api_clients c JOIN gateway.institutions i ON i.id = c.institution_id
        WHERE c.key_prefix = $1 OR c.previous_key_prefix = $1`,
      [parsed.prefix],
    );
    const matches =
      row?.key_prefix === parsed.prefix
        ? apiKeyMatches(key, row.key_hash)
        : Boolean(row?.previous_key_valid && apiKeyMatches(key, row.previous_key_hash ?? ''));
    if (!row || !row.active || !matches) {
      this.apiKeys.set(key, null);
      return undefined;
    }
    const identity: ApiKeyIdentity = {
      actor: {
        kind: 'api_client',
        id: row.id,
        name: row.name,
        institutionId: row.institution_id,
        communityId: row.community_id,
        roles: [],
        scopes: row.scopes,
        centerIds: [],
      },
      rateLimitPerMinute: row.rate_limit_per_minute,
    };
    this.apiKeys.set(key, identity);
    void this.ds
      .query(`UPDATE gateway.api_clients SET last_used_at = now() WHERE id = $1`, [row.id])
      .catch(() => undefined);
    return identity;
  }

  /** After an admin change on this replica: its keys are read again at once (others: TTL). */
  forgetApiClient(clientId: string): void {
    this.apiKeys.deleteWhere((identity) => identity?.actor.id === clientId);
  }

  private userActor(user: UserRow): Actor {
    return {
      kind: 'user',
      id: user.id,
      name: user.display_name,
      institutionId: user.institution_id,
      communityId: user.community_id,
      roles: user.roles,
      scopes: [],
      centerIds: user.center_ids ?? [],
    };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppConfig, AppError, Role, secretOf } from '@app/shared';
import { CONFIG } from '../infra/tokens';
import { signJwt, verifyJwt } from './jwt';
import { apiKeyMatches, parseApiKey, verifyPassword } from './secrets';

interface UserRow {
  id: string;
  display_name: string;
  password_hash: string;
  institution_id: string;
  community_id: string;
  roles: Role[];
  active: boolean;
}

interface ApiClientRow {
  id: string;
  name: string;
  key_hash: string;
  institution_id: string;
  community_id: string;
  scopes: string[];
  active: boolean;
}

const API_KEY_CACHE_MS = 30_000;

@Injectable()
export class AuthService {
  private readonly apiKeyCache = new Map<string, { actor: Actor; until: number }>();

  constructor(
    private readonly ds: DataSource,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async login(
    username: string,
    password: string,
  ): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number; actor: Actor }> {
    const [user]: UserRow[] = await this.ds.query(
      `SELECT u.id, u.display_name, u.password_hash, u.institution_id, i.community_id, u.roles, u.active
         FROM gateway.users u JOIN gateway.institutions i ON i.id = u.institution_id WHERE u.username = $1`,
      [username],
    );
    // Same answer for unknown user and wrong password: no account enumeration.
    if (!user || !user.active || !(await verifyPassword(password, user.password_hash))) {
      throw AppError.unauthenticated('Wrong username or password');
    }
    const ttl = this.config.JWT_TTL_SECONDS;
    const accessToken = signJwt(
      {
        sub: user.id,
        name: user.display_name,
        inst: user.institution_id,
        comm: user.community_id,
        roles: user.roles,
      },
      secretOf(this.config, 'JWT_SECRET'),
      ttl,
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: ttl, actor: this.userActor(user) };
  }

  actorFromBearer(token: string): Actor | undefined {
    const claims = verifyJwt(token, secretOf(this.config, 'JWT_SECRET'));
    if (!claims) return undefined;
    return {
      kind: 'user',
      id: claims.sub,
      name: claims.name,
      institutionId: claims.inst,
      communityId: claims.comm,
      roles: claims.roles,
      scopes: [],
    };
  }

  async actorFromApiKey(key: string): Promise<Actor | undefined> {
    const parsed = parseApiKey(key);
    if (!parsed) return undefined;
    const cached = this.apiKeyCache.get(key);
    if (cached && cached.until > Date.now()) return cached.actor;
    const [row]: ApiClientRow[] = await this.ds.query(
      `SELECT c.id, c.name, c.key_hash, c.institution_id, i.community_id, c.scopes, c.active
         FROM gateway.api_clients c JOIN gateway.institutions i ON i.id = c.institution_id WHERE c.key_prefix = $1`,
      [parsed.prefix],
    );
    if (!row || !row.active || !apiKeyMatches(key, row.key_hash)) return undefined;
    const actor: Actor = {
      kind: 'api_client',
      id: row.id,
      name: row.name,
      institutionId: row.institution_id,
      communityId: row.community_id,
      roles: [],
      scopes: row.scopes,
    };
    this.apiKeyCache.set(key, { actor, until: Date.now() + API_KEY_CACHE_MS });
    void this.ds
      .query(`UPDATE gateway.api_clients SET last_used_at = now() WHERE id = $1`, [row.id])
      .catch(() => undefined);
    return actor;
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
    };
  }
}

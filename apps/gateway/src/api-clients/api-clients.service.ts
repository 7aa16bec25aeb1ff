import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AppError, ErrorCode } from '@app/shared';
import { AuditOrigin, AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { newApiKey } from '../auth/secrets';
import { ApiClientView, NewApiClient, UpdateApiClient } from './api-client.schemas';

const COLUMNS = `c.id, c.name, c.institution_id AS "institutionId", c.scopes,
  c.rate_limit_per_minute AS "rateLimitPerMinute", c.active, c.revoked_at AS "revokedAt",
  c.key_prefix AS "keyPrefix",
  CASE WHEN c.previous_key_expires_at > now() THEN c.previous_key_expires_at END AS "previousKeyExpiresAt",
  c.created_at AS "createdAt", c.last_used_at AS "lastUsedAt"`;

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
function view(row: Record<string, unknown>): ApiClientView {
  return {
    ...(row as unknown as ApiClientView),
    revokedAt: iso(row.revokedAt),
    previousKeyExpiresAt: iso(row.previousKeyExpiresAt),
    createdAt: iso(row.createdAt)!,
    lastUsedAt: iso(row.lastUsedAt),
  };
}

/**
 * O2: a community admin's integration engines. Every query is scoped to the admin's community
 * (another community's client is 404, as if it did not exist); every change is audited in its
 * transaction; keys are shown once and kept as SHA-256 hashes.
 */
@Injectable()
export class ApiClientsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  async list(actor: Actor): Promise<{ items: ApiClientView[] }> {
    const rows = await this.ds.query(
      `SELECT ${COLUMNS} FROM gateway.api_clients c JOIN gateway.institutions i ON i.id = c.institution_id
        WHERE i.community_id = $1 ORDER BY c.created_at, c.id`,
      [actor.communityId],
    );
    return { items: rows.map(view) };
  }

  async get(actor: Actor, id: string, m: EntityManager = this.ds.manager): Promise<ApiClientView> {
    const [row] = await m.query(
      `SELECT ${COLUMNS} FROM gateway.api_clients c JOIN gateway.institutions i ON i.id = c.institution_id
        WHERE c.id = $1 AND i.community_id = $2`,
      [id, actor.communityId],
    );
    if (!row) throw AppError.notFound('API client');
    return view(row);
  }

  async create(actor: Actor, input: NewApiClient, origin: AuditOrigin) {
    const [institution] = await this.ds.query(
      `SELECT id FROM gateway.institutions WHERE id = $1 AND community_id = $2`,
      [input.institutionId, actor.communityId],
    );
    if (!institution) throw AppError.notFound('Institution');
    const { key, prefix, hash } = newApiKey();
    const id = randomUUID();
    return this.ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO gateway.api_clients (id, name, key_prefix, key_hash, institution_id, scopes, rate_limit_per_minute)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          id,
          input.name,
          prefix,
          hash,
          input.institutionId,
          input.scopes,
          input.rateLimitPerMinute ?? null,
        ],
      );
      await this.record(actor, 'create', id, origin, m);
      return { ...(await this.get(actor, id, m)), apiKey: key };
    });
  }

  async update(actor: Actor, id: string, input: UpdateApiClient, origin: AuditOrigin) {
    return this.change(actor, id, origin, async (m, current) => {
      if (input.active === true && current.revokedAt)
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          'A revoked API client stays revoked; create a new one',
        );
      await m.query(
        `UPDATE gateway.api_clients SET name = coalesce($2::text, name), scopes = coalesce($3::text[], scopes),
           rate_limit_per_minute = CASE WHEN $4::boolean THEN $5::integer ELSE rate_limit_per_minute END,
           active = coalesce($6::boolean, active), updated_at = now()
         WHERE id = $1`,
        [
          id,
          input.name ?? null,
          input.scopes ?? null,
          input.rateLimitPerMinute !== undefined,
          input.rateLimitPerMinute ?? null,
          input.active ?? null,
        ],
      );
      return this.get(actor, id, m);
    });
  }

  /** A new key; the old one keeps working for the grace period, so engines can switch over. */
  async rotate(actor: Actor, id: string, graceSeconds: number, origin: AuditOrigin) {
    return this.change(actor, id, origin, async (m, current) => {
      if (current.revokedAt)
        throw new AppError(ErrorCode.INVALID_TRANSITION, 'A revoked API client gets no new key');
      const { key, prefix, hash } = newApiKey();
      await m.query(
        `UPDATE gateway.api_clients SET previous_key_prefix = key_prefix, previous_key_hash = key_hash,
           previous_key_expires_at = now() + make_interval(secs => $4), key_prefix = $2, key_hash = $3, updated_at = now()
         WHERE id = $1`,
        [id, prefix, hash, graceSeconds],
      );
      return { ...(await this.get(actor, id, m)), apiKey: key };
    });
  }

  /** Both keys stop at once here, and within API_KEY_CACHE_SECONDS on every other replica. */
  async revoke(actor: Actor, id: string, origin: AuditOrigin) {
    return this.change(actor, id, origin, async (m) => {
      await m.query(
        `UPDATE gateway.api_clients SET active = false, revoked_at = coalesce(revoked_at, now()),
           previous_key_expires_at = NULL, updated_at = now() WHERE id = $1`,
        [id],
      );
      return this.get(actor, id, m);
    });
  }

  private async change<T>(
    actor: Actor,
    id: string,
    origin: AuditOrigin,
    apply: (m: EntityManager, current: ApiClientView) => Promise<T>,
  ): Promise<T> {
    const result = await this.ds.transaction(async (m) => {
      const [locked] = await m.query(
        `SELECT c.id FROM gateway.api_clients c JOIN gateway.institutions i ON i.id = c.institution_id
          WHERE c.id = $1 AND i.community_id = $2 FOR UPDATE OF c`,
        [id, actor.communityId],
      );
      if (!locked) throw AppError.notFound('API client');
      const out = await apply(m, await this.get(actor, id, m));
      await this.record(actor, 'update', id, origin, m);
      return out;
    });
    this.auth.forgetApiClient(id);
    return result;
  }

  private record(
    actor: Actor,
    action: 'create' | 'update',
    id: string,
    origin: AuditOrigin,
    m: EntityManager,
  ) {
    return this.audit.record(
      actor,
      { action, resourceType: 'api_client', resourceId: id },
      origin,
      m,
    );
  }
}

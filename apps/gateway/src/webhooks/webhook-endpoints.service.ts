import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AppError, ErrorCode, type PiiVault } from '@app/shared';
import { AuditOrigin, AuditService } from '../audit/audit.service';
import { VAULT } from '../infra/tokens';
import { newWebhookSecret } from './signature';
import { NewEndpoint, UpdateEndpoint } from './webhook.schemas';
import { WebhookDestination } from './webhook-destination';
import { scopeFor, WebhookEventType } from './webhook-events';
import { ENDPOINT_FROM, isoFields, visibleTo } from './webhook-scope';

const COLUMNS = `e.id, e.client_id AS "clientId", e.url, e.description, e.event_types AS "eventTypes", e.active,
  e.disabled_reason AS "disabledReason",
  CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret_expires_at END AS "previousSecretExpiresAt",
  e.created_at AS "createdAt"`;
const TIMES = ['previousSecretExpiresAt', 'createdAt'];

/**
 * G3: webhook endpoints. Secrets are sealed with the PII key (AES-256-GCM): the gateway must
 * read them back to sign, so a hash would not do; they are shown once, at creation and rotation.
 */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly destination: WebhookDestination,
    @Inject(VAULT) private readonly vault: PiiVault,
  ) {}

  async list(actor: Actor, clientId?: string) {
    const scope = visibleTo(actor, 1);
    const rows = await this.ds.query(
      `SELECT ${COLUMNS} FROM ${ENDPOINT_FROM} WHERE ${scope.sql} AND ($3::uuid IS NULL OR e.client_id = $3)
        ORDER BY e.created_at, e.id`,
      [...scope.args, clientId ?? null],
    );
    return { items: rows.map((r: Record<string, unknown>) => isoFields(r, TIMES)) };
  }

  async get(actor: Actor, id: string, m: EntityManager = this.ds.manager) {
    const scope = visibleTo(actor, 2);
    const [row] = await m.query(
      `SELECT ${COLUMNS} FROM ${ENDPOINT_FROM} WHERE e.id = $1 AND ${scope.sql}`,
      [id, ...scope.args],
    );
    if (!row) throw AppError.notFound('Webhook endpoint');
    return isoFields(row, TIMES);
  }

  async create(actor: Actor, input: NewEndpoint, origin: AuditOrigin) {
    const clientId = input.clientId ?? (actor.kind === 'api_client' ? actor.id : undefined);
    if (!clientId)
      throw AppError.validation('clientId: required: the API client this endpoint is for', [
        { path: 'clientId', message: 'required for a community admin' },
      ]);
    const scopes = await this.clientScopes(actor, clientId);
    assertSubscribable(scopes, input.eventTypes);
    await this.destination.assertAllowed(input.url);
    const secret = newWebhookSecret();
    const id = randomUUID();
    return this.ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO gateway.webhook_endpoints (id, client_id, url, description, event_types, secret_cipher)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          id,
          clientId,
          input.url,
          input.description || null,
          input.eventTypes,
          this.vault.encrypt(secret),
        ],
      );
      await this.record(actor, 'create', id, origin, m);
      return { ...(await this.get(actor, id, m)), secret };
    });
  }

  async update(actor: Actor, id: string, input: UpdateEndpoint, origin: AuditOrigin) {
    const current = await this.get(actor, id);
    if (input.eventTypes)
      assertSubscribable(await this.clientScopes(actor, current.clientId), input.eventTypes);
    if (input.url) await this.destination.assertAllowed(input.url);
    return this.ds.transaction(async (m) => {
      await m.query(
        `UPDATE gateway.webhook_endpoints SET url = coalesce($2::text, url), event_types = coalesce($3::text[], event_types),
           description = CASE WHEN $4::boolean THEN nullif($5::text, '') ELSE description END,
           active = coalesce($6::boolean, active),
           disabled_reason = CASE WHEN $6::boolean IS NULL THEN disabled_reason WHEN $6::boolean THEN NULL ELSE $7::text END,
           disabled_at = CASE WHEN $6::boolean IS NULL THEN disabled_at WHEN $6::boolean THEN NULL ELSE now() END,
           updated_at = now()
         WHERE id = $1`,
        [
          id,
          input.url ?? null,
          input.eventTypes ?? null,
          input.description !== undefined,
          input.description ?? null,
          input.active ?? null,
          `disabled by ${actor.name}`,
        ],
      );
      await this.record(actor, 'update', id, origin, m);
      return this.get(actor, id, m);
    });
  }

  async remove(actor: Actor, id: string, origin: AuditOrigin) {
    const current = await this.get(actor, id);
    await this.ds.transaction(async (m) => {
      await m.query(`DELETE FROM gateway.webhook_endpoints WHERE id = $1`, [id]);
      await this.record(actor, 'delete', id, origin, m);
    });
    return current;
  }

  /** A new secret; the previous one signs too (two signatures) until the overlap ends. */
  async rotateSecret(actor: Actor, id: string, overlapSeconds: number, origin: AuditOrigin) {
    await this.get(actor, id);
    const secret = newWebhookSecret();
    return this.ds.transaction(async (m) => {
      await m.query(
        `UPDATE gateway.webhook_endpoints SET previous_secret_cipher = secret_cipher,
           previous_secret_expires_at = now() + make_interval(secs => $3), secret_cipher = $2, updated_at = now()
         WHERE id = $1`,
        [id, this.vault.encrypt(secret), overlapSeconds],
      );
      await this.record(actor, 'update', id, origin, m);
      return { ...(await this.get(actor, id, m)), secret };
    });
  }

  /** The scopes of a client the actor may manage endpoints for (404 otherwise; 409 if revoked). */
  private async clientScopes(actor: Actor, clientId: string): Promise<string[]> {
    const scope = visibleTo(actor, 2);
    const [client] = await this.ds.query(
      `SELECT c.scopes, c.active FROM gateway.api_clients c JOIN gateway.institutions i ON i.id = c.institution_id
        WHERE c.id = $1 AND ${scope.sql}`,
      [clientId, ...scope.args],
    );
    if (!client) throw AppError.notFound('API client');
    if (!client.active)
      throw new AppError(ErrorCode.CONFLICT, 'The API client is suspended or revoked');
    return client.scopes;
  }

  private record(
    actor: Actor,
    action: 'create' | 'update' | 'delete',
    id: string,
    origin: AuditOrigin,
    m: EntityManager,
  ) {
    return this.audit.record(
      actor,
      { action, resourceType: 'webhook_endpoint', resourceId: id },
      origin,
      m,
    );
  }
}

/** A client is told only what it may read: referral events need referrals:read, the rest studies:read. */
function assertSubscribable(scopes: string[], types: WebhookEventType[]): void {
  const missing = types.filter((t) => !scopes.includes(scopeFor(t)));
  if (missing.length)
    throw AppError.forbidden(
      `The API client lacks ${[...new Set(missing.map(scopeFor))].join(', ')} for ${missing.join(', ')}`,
    );
}

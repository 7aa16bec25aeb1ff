import { DataSource, EntityManager } from 'typeorm';
import { Actor, AppError } from '@app/shared';
import { AuditOrigin, AuditService } from '../audit/audit.service';
import { communityInstitution } from './admin-access';

/** What differs between the admin registries that hang off an institution of the community. */
export interface RegistryTable {
  /** The table and the alias every column list below is written against (`gateway.modalities`, `m`). */
  table: string;
  alias: string;
  /** The view's columns, selected by list and get. */
  columns: string;
  /** `ORDER BY` of the list, after the institution's code. */
  orderBy: string;
  /** What a 404 names (`Modality`, `HL7 client`). */
  noun: string;
  /** The audit row's resource_type. */
  resourceType: string;
  /** Columns the row lock hands back, when the caller decides on them; `<alias>.id` otherwise. */
  lockColumns?: string;
  /** Written in the change's transaction before its audit row (the directory replicas' outbox). */
  publish?: (m: EntityManager, id: string) => Promise<void>;
}

/**
 * The shared part of the admin registries whose rows belong to an institution (modalities, HL7
 * clients, departments): every read and lock is scoped to the admin's community through that
 * institution, so another community's row is a 404, never a 403 that would confirm it exists.
 * Each change ends the same way, audited in its own transaction and answered with the fresh view.
 */
export class CommunityRegistry<View, Locked = { id: string }> {
  private readonly from: string;

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly spec: RegistryTable,
  ) {
    this.from = `${spec.table} ${spec.alias} JOIN gateway.institutions i ON i.id = ${spec.alias}.institution_id`;
  }

  async list(actor: Actor, institutionId?: string): Promise<{ items: View[] }> {
    const { alias, columns, orderBy } = this.spec;
    const items: View[] = await this.ds.query(
      `SELECT ${columns} FROM ${this.from}
        WHERE i.community_id = $1 AND ($2::uuid IS NULL OR ${alias}.institution_id = $2)
        ORDER BY i.code, ${orderBy}`,
      [actor.communityId, institutionId ?? null],
    );
    return { items };
  }

  async get(actor: Actor, id: string, m: EntityManager = this.ds.manager): Promise<View> {
    const [row] = await m.query(
      `SELECT ${this.spec.columns} FROM ${this.from} WHERE ${this.spec.alias}.id = $1 AND i.community_id = $2`,
      [id, actor.communityId],
    );
    if (!row) throw AppError.notFound(this.spec.noun);
    return row as View;
  }

  /** A new row may only hang off an institution of the admin's own community. */
  async assertInstitution(actor: Actor, m: EntityManager, institutionId: string): Promise<void> {
    await communityInstitution(actor, m, institutionId, 'institutionId');
  }

  /** Locks the row for the rest of the transaction, so two admins' changes do not interleave. */
  async lock(actor: Actor, m: EntityManager, id: string): Promise<Locked> {
    const { alias, lockColumns } = this.spec;
    const [row] = await m.query(
      `SELECT ${lockColumns ?? `${alias}.id`} FROM ${this.from}
        WHERE ${alias}.id = $1 AND i.community_id = $2 FOR UPDATE OF ${alias}`,
      [id, actor.communityId],
    );
    if (!row) throw AppError.notFound(this.spec.noun);
    return row as Locked;
  }

  /** Disabled rather than deleted: what the audit trail and other records name stays readable. */
  async setActive(actor: Actor, id: string, active: boolean, origin: AuditOrigin): Promise<View> {
    return this.ds.transaction(async (m) => {
      await this.lock(actor, m, id);
      await m.query(`UPDATE ${this.spec.table} SET active = $2, updated_at = now() WHERE id = $1`, [
        id,
        active,
      ]);
      return this.finish(actor, m, id, 'update', origin);
    });
  }

  /** The end of every change: published (when the registry is replicated), audited, read back. */
  async finish(
    actor: Actor,
    m: EntityManager,
    id: string,
    action: 'create' | 'update',
    origin: AuditOrigin,
  ): Promise<View> {
    await this.spec.publish?.(m, id);
    await this.audit.record(
      actor,
      { action, resourceType: this.spec.resourceType, resourceId: id },
      origin,
      m,
    );
    return this.get(actor, id, m);
  }
}

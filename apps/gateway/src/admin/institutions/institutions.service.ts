import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  AppError,
  INSTITUTION_LEVEL,
  InstitutionAdminView,
  NewInstitution,
  UpdateInstitution,
} from '@app/shared';
import { AuditOrigin, AuditService } from '../../audit/audit.service';
import { communityInstitution, conflictOnDuplicate } from '../admin-access';
import { INSTITUTION_COLUMNS, publishInstitution } from '../directory-outbox';

const COLUMNS = `${INSTITUTION_COLUMNS}, active`;

/**
 * A community admin's institutions: created, renamed, re-parented, disabled and enabled, always
 * within the admin's community (another community's institution is 404). Each change is audited
 * and published to the services' directory replicas in its own transaction.
 */
@Injectable()
export class InstitutionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<{ items: InstitutionAdminView[] }> {
    const items = await this.ds.query(
      `SELECT ${COLUMNS} FROM gateway.institutions WHERE community_id = $1 ORDER BY level DESC, code`,
      [actor.communityId],
    );
    return { items };
  }

  async get(actor: Actor, id: string, m: EntityManager = this.ds.manager) {
    const [row] = await m.query(
      `SELECT ${COLUMNS} FROM gateway.institutions WHERE id = $1 AND community_id = $2`,
      [id, actor.communityId],
    );
    if (!row) throw AppError.notFound('Institution');
    return row as InstitutionAdminView;
  }

  async create(actor: Actor, input: NewInstitution, origin: AuditOrigin) {
    const id = randomUUID();
    return this.ds
      .transaction(async (m) => {
        await this.assertParent(actor, m, input.parentId ?? null, INSTITUTION_LEVEL[input.type]);
        await m.query(
          `INSERT INTO gateway.institutions (id, community_id, code, name, type, level, parent_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            id,
            actor.communityId,
            input.code,
            input.name,
            input.type,
            INSTITUTION_LEVEL[input.type],
            input.parentId ?? null,
          ],
        );
        return this.finish(actor, m, id, 'create', origin);
      })
      .catch((error) =>
        conflictOnDuplicate(
          error,
          input.type === 'LEAD_HOSPITAL' ? 'type' : 'code',
          input.type === 'LEAD_HOSPITAL'
            ? 'A lead hospital of this community (or the institution code)'
            : 'An institution with this code',
        ),
      );
  }

  async update(actor: Actor, id: string, input: UpdateInstitution, origin: AuditOrigin) {
    return this.ds.transaction(async (m) => {
      const current = await this.lock(actor, m, id);
      if (input.parentId !== undefined) {
        if (input.parentId === id)
          throw AppError.validation('parentId: an institution is not its own parent', [
            { path: 'parentId', message: 'is the institution itself' },
          ]);
        await this.assertParent(actor, m, input.parentId, current.level);
      }
      await m.query(
        `UPDATE gateway.institutions SET name = coalesce($2, name),
           parent_id = CASE WHEN $3::boolean THEN $4::uuid ELSE parent_id END, updated_at = now()
         WHERE id = $1`,
        [id, input.name ?? null, input.parentId !== undefined, input.parentId ?? null],
      );
      return this.finish(actor, m, id, 'update', origin);
    });
  }

  /**
   * Disabled, not deleted: referrals, studies and the audit trail still name it. Its users keep
   * their accounts (disable them one by one if they leave).
   */
  async setActive(actor: Actor, id: string, active: boolean, origin: AuditOrigin) {
    return this.ds.transaction(async (m) => {
      await this.lock(actor, m, id);
      await m.query(
        `UPDATE gateway.institutions SET active = $2, updated_at = now() WHERE id = $1`,
        [id, active],
      );
      return this.finish(actor, m, id, 'update', origin);
    });
  }

  private async lock(actor: Actor, m: EntityManager, id: string) {
    const [row] = await m.query(
      `SELECT id, level FROM gateway.institutions WHERE id = $1 AND community_id = $2 FOR UPDATE`,
      [id, actor.communityId],
    );
    if (!row) throw AppError.notFound('Institution');
    return row as { id: string; level: number };
  }

  /** A parent is an institution of the same community at a higher level. */
  private async assertParent(
    actor: Actor,
    m: EntityManager,
    parentId: string | null,
    level: number,
  ) {
    if (parentId === null) return;
    const parent = await communityInstitution(actor, m, parentId, 'parentId');
    if (parent.level <= level)
      throw AppError.validation('parentId: the parent must be of a higher level', [
        { path: 'parentId', message: 'not a higher level' },
      ]);
  }

  private async finish(
    actor: Actor,
    m: EntityManager,
    id: string,
    action: 'create' | 'update',
    origin: AuditOrigin,
  ) {
    await publishInstitution(m, id);
    await this.audit.record(
      actor,
      { action, resourceType: 'institution', resourceId: id },
      origin,
      m,
    );
    return this.get(actor, id, m);
  }
}

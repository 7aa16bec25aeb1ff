import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  AppError,
  DepartmentAdminView,
  ErrorCode,
  NewDepartment,
  UpdateDepartment,
} from '@app/shared';
import { AuditOrigin, AuditService } from '../../audit/audit.service';
import { conflictOnDuplicate } from '../admin-access';
import { publishDepartment } from '../directory-outbox';

const COLUMNS = `d.id, d.institution_id AS "institutionId", d.code, d.name, d.kind, d.active,
  array(SELECT r.user_id FROM gateway.reading_center_readers r WHERE r.center_id = d.id ORDER BY r.user_id) AS "readerIds"`;
const READING_CENTERS = ['IMAGING_CENTER', 'ECG_CENTER'];

/**
 * Departments, wards and reading centers (gateway.departments, by kind) of the admin's
 * community. Disabled rather than deleted: slots, beds and studies still name them.
 */
@Injectable()
export class DepartmentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, institutionId?: string): Promise<{ items: DepartmentAdminView[] }> {
    const items = await this.ds.query(
      `SELECT ${COLUMNS} FROM gateway.departments d JOIN gateway.institutions i ON i.id = d.institution_id
        WHERE i.community_id = $1 AND ($2::uuid IS NULL OR d.institution_id = $2) ORDER BY i.code, d.code`,
      [actor.communityId, institutionId ?? null],
    );
    return { items };
  }

  async get(actor: Actor, id: string, m: EntityManager = this.ds.manager) {
    const [row] = await m.query(
      `SELECT ${COLUMNS} FROM gateway.departments d JOIN gateway.institutions i ON i.id = d.institution_id
        WHERE d.id = $1 AND i.community_id = $2`,
      [id, actor.communityId],
    );
    if (!row) throw AppError.notFound('Department');
    return row as DepartmentAdminView;
  }

  async create(actor: Actor, input: NewDepartment, origin: AuditOrigin) {
    const id = randomUUID();
    return this.ds
      .transaction(async (m) => {
        const [institution] = await m.query(
          `SELECT id FROM gateway.institutions WHERE id = $1 AND community_id = $2`,
          [input.institutionId, actor.communityId],
        );
        if (!institution)
          throw AppError.validation('institutionId: no such institution in your community', [
            { path: 'institutionId', message: 'unknown institution' },
          ]);
        await m.query(
          `INSERT INTO gateway.departments (id, institution_id, code, name, kind) VALUES ($1, $2, $3, $4, $5)`,
          [id, input.institutionId, input.code, input.name, input.kind],
        );
        return this.finish(actor, m, id, 'create', origin);
      })
      .catch((error) =>
        conflictOnDuplicate(error, 'code', 'A department with this code in this institution'),
      );
  }

  async update(actor: Actor, id: string, input: UpdateDepartment, origin: AuditOrigin) {
    return this.ds.transaction(async (m) => {
      const current = await this.lock(actor, m, id);
      if (input.kind && !READING_CENTERS.includes(input.kind) && current.readers > 0)
        throw new AppError(
          ErrorCode.CONFLICT,
          'This reading center still has readers: remove them before changing its kind',
          [{ path: 'kind', message: 'the center has readers' }],
        );
      await m.query(
        `UPDATE gateway.departments SET name = coalesce($2, name), kind = coalesce($3, kind), updated_at = now()
          WHERE id = $1`,
        [id, input.name ?? null, input.kind ?? null],
      );
      return this.finish(actor, m, id, 'update', origin);
    });
  }

  async setActive(actor: Actor, id: string, active: boolean, origin: AuditOrigin) {
    return this.ds.transaction(async (m) => {
      await this.lock(actor, m, id);
      await m.query(
        `UPDATE gateway.departments SET active = $2, updated_at = now() WHERE id = $1`,
        [id, active],
      );
      return this.finish(actor, m, id, 'update', origin);
    });
  }

  /** Who reads for a center travels in the reader's actor: picked up within ACTOR_CACHE_SECONDS. */
  async addReader(actor: Actor, centerId: string, userId: string, origin: AuditOrigin) {
    return this.changeReaders(actor, centerId, userId, 'create', origin, async (m) => {
      const [user] = await m.query(
        `SELECT u.roles FROM gateway.users u JOIN gateway.institutions i ON i.id = u.institution_id
          WHERE u.id = $1 AND i.community_id = $2`,
        [userId, actor.communityId],
      );
      if (!user)
        throw AppError.validation('userId: no such user in your community', [
          { path: 'userId', message: 'unknown user' },
        ]);
      if (!user.roles.some((r: string) => r === 'reader' || r === 'senior_reader'))
        throw AppError.validation('userId: only a reader or senior reader reads for a center', [
          { path: 'userId', message: 'not a reader' },
        ]);
      await m.query(
        `INSERT INTO gateway.reading_center_readers (user_id, center_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [userId, centerId],
      );
    });
  }

  async removeReader(actor: Actor, centerId: string, userId: string, origin: AuditOrigin) {
    return this.changeReaders(actor, centerId, userId, 'delete', origin, async (m) => {
      await m.query(
        `DELETE FROM gateway.reading_center_readers WHERE user_id = $1 AND center_id = $2`,
        [userId, centerId],
      );
    });
  }

  private async changeReaders(
    actor: Actor,
    centerId: string,
    userId: string,
    action: 'create' | 'delete',
    origin: AuditOrigin,
    apply: (m: EntityManager) => Promise<void>,
  ) {
    return this.ds.transaction(async (m) => {
      const center = await this.lock(actor, m, centerId);
      if (!READING_CENTERS.includes(center.kind))
        throw AppError.validation(
          'Only a reading center (IMAGING_CENTER, ECG_CENTER) has readers',
          [{ path: 'id', message: 'not a reading center' }],
        );
      await apply(m);
      await this.audit.record(
        actor,
        { action, resourceType: 'reading_center_reader', resourceId: `${centerId}/${userId}` },
        origin,
        m,
      );
      return this.get(actor, centerId, m);
    });
  }

  private async lock(actor: Actor, m: EntityManager, id: string) {
    const [row] = await m.query(
      `SELECT d.id, d.kind,
              (SELECT count(*)::int FROM gateway.reading_center_readers r WHERE r.center_id = d.id) AS readers
         FROM gateway.departments d JOIN gateway.institutions i ON i.id = d.institution_id
        WHERE d.id = $1 AND i.community_id = $2 FOR UPDATE OF d`,
      [id, actor.communityId],
    );
    if (!row) throw AppError.notFound('Department');
    return row as { id: string; kind: string; readers: number };
  }

  private async finish(
    actor: Actor,
    m: EntityManager,
    id: string,
    action: 'create' | 'update',
    origin: AuditOrigin,
  ) {
    await publishDepartment(m, id);
    await this.audit.record(
      actor,
      { action, resourceType: 'department', resourceId: id },
      origin,
      m,
    );
    return this.get(actor, id, m);
  }
}

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
import { CommunityRegistry, RegistryTable } from '../community-registry';
import { publishDepartment } from '../directory-outbox';

const DEPARTMENTS: RegistryTable = {
  table: 'gateway.departments',
  alias: 'd',
  columns: `d.id, d.institution_id AS "institutionId", d.code, d.name, d.kind, d.active,
  array(SELECT r.user_id FROM gateway.reading_center_readers r WHERE r.center_id = d.id ORDER BY r.user_id) AS "readerIds"`,
  orderBy: 'd.code',
  noun: 'Department',
  resourceType: 'department',
  // The kind decides whether the department may have readers, and whether it may stop being a center.
  lockColumns: `d.id, d.kind,
              (SELECT count(*)::int FROM gateway.reading_center_readers r WHERE r.center_id = d.id) AS readers`,
  publish: publishDepartment,
};
const READING_CENTERS = ['IMAGING_CENTER', 'ECG_CENTER'];

/** The department row as locked for a change. */
interface LockedDepartment {
  id: string;
  kind: string;
  readers: number;
}

/**
 * Departments, wards and reading centers (gateway.departments, by kind) of the admin's
 * community. Disabled rather than deleted: slots, beds and studies still name them.
 */
@Injectable()
export class DepartmentsService {
  private readonly registry: CommunityRegistry<DepartmentAdminView, LockedDepartment>;

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {
    this.registry = new CommunityRegistry(ds, audit, DEPARTMENTS);
  }

  list(actor: Actor, institutionId?: string): Promise<{ items: DepartmentAdminView[] }> {
    return this.registry.list(actor, institutionId);
  }

  get(actor: Actor, id: string): Promise<DepartmentAdminView> {
    return this.registry.get(actor, id);
  }

  async create(actor: Actor, input: NewDepartment, origin: AuditOrigin) {
    const id = randomUUID();
    return this.ds
      .transaction(async (m) => {
        await this.registry.assertInstitution(actor, m, input.institutionId);
        await m.query(
          `INSERT INTO gateway.departments (id, institution_id, code, name, kind) VALUES ($1, $2, $3, $4, $5)`,
          [id, input.institutionId, input.code, input.name, input.kind],
        );
        return this.registry.finish(actor, m, id, 'create', origin);
      })
      .catch((error) =>
        conflictOnDuplicate(error, 'code', 'A department with this code in this institution'),
      );
  }

  async update(actor: Actor, id: string, input: UpdateDepartment, origin: AuditOrigin) {
    return this.ds.transaction(async (m) => {
      const current = await this.registry.lock(actor, m, id);
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
      return this.registry.finish(actor, m, id, 'update', origin);
    });
  }

  setActive(actor: Actor, id: string, active: boolean, origin: AuditOrigin) {
    return this.registry.setActive(actor, id, active, origin);
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
      const center = await this.registry.lock(actor, m, centerId);
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
      return this.registry.get(actor, centerId, m);
    });
  }
}

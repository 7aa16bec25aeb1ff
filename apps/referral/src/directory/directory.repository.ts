import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AppError } from '@app/shared';
import { TtlCache } from '../common/ttl-cache';

export interface InstitutionRow {
  id: string;
  community_id: string;
  name: string;
  type: string;
  level: number;
}

export interface DepartmentRow {
  id: string;
  institution_id: string;
  kind: string;
  name: string;
}

/** Read side of the directory replica: every lookup is confined to the actor's community. */
@Injectable()
export class DirectoryRepository {
  /** The replica changes rarely; a short per-process cache saves a query per referral action. */
  private readonly institutions = new TtlCache<InstitutionRow | undefined>(10_000);

  constructor(private readonly ds: DataSource) {}

  async institutionInCommunity(
    actor: Actor,
    id: string,
    field: string,
    m: EntityManager = this.ds.manager,
  ): Promise<InstitutionRow> {
    const found = await this.institutions.get(id, async () => {
      const [r]: InstitutionRow[] = await m.query(
        `SELECT id, community_id, name, type, level FROM referral.dir_institutions WHERE id = $1`,
        [id],
      );
      return r;
    });
    if (!found) this.institutions.invalidate(id); // not replicated yet: look again next time
    if (!found || found.community_id !== actor.communityId) {
      throw AppError.validation(`${field}: no such institution in your community`, [
        { path: field, message: 'unknown institution' },
      ]);
    }
    return found;
  }

  async departmentOf(
    institutionId: string,
    departmentId: string,
    field: string,
    m: EntityManager = this.ds.manager,
  ): Promise<DepartmentRow> {
    const [row]: DepartmentRow[] = await m.query(
      `SELECT id, institution_id, kind, name FROM referral.dir_departments WHERE id = $1 AND institution_id = $2`,
      [departmentId, institutionId],
    );
    if (!row)
      throw AppError.validation(`${field}: no such department at that institution`, [
        { path: field, message: 'unknown department' },
      ]);
    return row;
  }

  /** The actor's own department (capacity is published by the institution that owns it). */
  async ownDepartment(actor: Actor, departmentId: string): Promise<DepartmentRow> {
    return this.departmentOf(actor.institutionId, departmentId, 'departmentId');
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError } from '@app/shared';

export interface DepartmentRow {
  id: string;
  institutionId: string;
  institutionName: string;
  code: string;
  name: string;
  kind: string;
}

export interface UserRoleRow {
  id: string;
  displayName: string;
  institutionId: string;
  roles: string[];
  active: boolean;
}

const DEPARTMENT = `SELECT d.id, d.institution_id AS "institutionId", i.name AS "institutionName", d.code, d.name, d.kind
  FROM gateway.departments d JOIN gateway.institutions i ON i.id = d.institution_id`;
const USER = `SELECT u.id, u.display_name AS "displayName", u.institution_id AS "institutionId", u.roles, u.active
  FROM gateway.users u JOIN gateway.institutions i ON i.id = u.institution_id`;

/**
 * The directory as FHIR reads it (Schedule per department, PractitionerRole per user), always
 * within the caller's community: another community's rows are not found.
 */
@Injectable()
export class FhirDirectoryQueries {
  constructor(private readonly ds: DataSource) {}

  async department(actor: Actor, id: string): Promise<DepartmentRow> {
    const [row] = await this.ds.query(`${DEPARTMENT} WHERE d.id = $1 AND i.community_id = $2`, [
      id,
      actor.communityId,
    ]);
    if (!row) throw AppError.notFound('Schedule');
    return row;
  }

  /** Departments that publish outpatient slots: the clinical ones. */
  async clinicalDepartments(actor: Actor, institutionId: string | undefined) {
    return (await this.ds.query(
      `${DEPARTMENT} WHERE i.community_id = $1 AND ($2::uuid IS NULL OR d.institution_id = $2) AND d.kind = 'CLINICAL'
        ORDER BY i.level DESC, i.code, d.code LIMIT 1000`,
      [actor.communityId, institutionId ?? null],
    )) as DepartmentRow[];
  }

  async user(actor: Actor, id: string): Promise<UserRoleRow> {
    const [row] = await this.ds.query(`${USER} WHERE u.id = $1 AND i.community_id = $2`, [
      id,
      actor.communityId,
    ]);
    if (!row) throw AppError.notFound('PractitionerRole');
    return row;
  }

  async users(
    actor: Actor,
    q: { institutionId?: string; role?: string; limit: number; offset: number },
  ): Promise<{ rows: UserRoleRow[]; total: number }> {
    const where = `i.community_id = $1 AND ($2::uuid IS NULL OR u.institution_id = $2) AND ($3::text IS NULL OR $3 = ANY(u.roles))`;
    const args = [actor.communityId, q.institutionId ?? null, q.role ?? null];
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM gateway.users u JOIN gateway.institutions i ON i.id = u.institution_id WHERE ${where}`,
      args,
    );
    const rows = await this.ds.query(
      `${USER} WHERE ${where} ORDER BY u.institution_id, u.username LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    return { rows, total };
  }
}

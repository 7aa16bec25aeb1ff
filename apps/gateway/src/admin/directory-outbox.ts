import { EntityManager } from 'typeorm';
import { type EventPayload, writeOutbox } from '@app/shared';
import { GATEWAY_SCHEMA } from '../migrations';

/**
 * The services keep a replica of the directory (libs/shared/src/directory/directory-replica.ts);
 * every admin change writes the same upsert events as the start-up snapshot, in the change's
 * own transaction, so a replica never misses one and never sees one that was rolled back.
 * The columns and the events are defined here once, for both.
 */
export const INSTITUTION_COLUMNS = `id, community_id AS "communityId", code, name, type::text AS type, level, parent_id AS "parentId"`;
export const DEPARTMENTS_WITH_COMMUNITY = `SELECT d.id, d.institution_id AS "institutionId", d.code, d.name, d.kind, i.community_id AS "communityId"
  FROM gateway.departments d JOIN gateway.institutions i ON i.id = d.institution_id`;

export type InstitutionRow = EventPayload<'directory.institution.upserted'>;
export type DepartmentRow = EventPayload<'directory.department.upserted'> & { communityId: string };

export const institutionUpserted = (i: InstitutionRow) => ({
  type: 'directory.institution.upserted' as const,
  aggregateType: 'institution',
  aggregateId: i.id,
  communityId: i.communityId,
  payload: i,
});

/** The community routes the event; the department's payload does not carry it. */
export const departmentUpserted = ({ communityId, ...d }: DepartmentRow) => ({
  type: 'directory.department.upserted' as const,
  aggregateType: 'department',
  aggregateId: d.id,
  communityId,
  payload: d,
});

export async function publishInstitution(m: EntityManager, id: string): Promise<void> {
  const [i] = await m.query(
    `SELECT ${INSTITUTION_COLUMNS} FROM gateway.institutions WHERE id = $1`,
    [id],
  );
  await writeOutbox(m, GATEWAY_SCHEMA, institutionUpserted(i));
}

export async function publishDepartment(m: EntityManager, id: string): Promise<void> {
  const [d] = await m.query(`${DEPARTMENTS_WITH_COMMUNITY} WHERE d.id = $1`, [id]);
  await writeOutbox(m, GATEWAY_SCHEMA, departmentUpserted(d));
}

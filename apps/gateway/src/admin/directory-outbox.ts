import { EntityManager } from 'typeorm';
import { writeOutbox } from '@app/shared';
import { GATEWAY_SCHEMA } from '../migrations';

/**
 * The services keep a replica of the directory (libs/shared/src/directory/directory-replica.ts);
 * every admin change writes the same upsert events as the start-up snapshot, in the change's
 * own transaction, so a replica never misses one and never sees one that was rolled back.
 */
export async function publishInstitution(m: EntityManager, id: string): Promise<void> {
  const [i] = await m.query(
    `SELECT id, community_id AS "communityId", code, name, type::text AS type, level, parent_id AS "parentId"
       FROM gateway.institutions WHERE id = $1`,
    [id],
  );
  await writeOutbox(m, GATEWAY_SCHEMA, {
    type: 'directory.institution.upserted',
    aggregateType: 'institution',
    aggregateId: i.id,
    communityId: i.communityId,
    payload: i,
  });
}

export async function publishDepartment(m: EntityManager, id: string): Promise<void> {
  const [{ communityId, ...d }] = await m.query(
    `SELECT d.id, d.institution_id AS "institutionId", d.code, d.name, d.kind, i.community_id AS "communityId"
       FROM gateway.departments d JOIN gateway.institutions i ON i.id = d.institution_id WHERE d.id = $1`,
    [id],
  );
  await writeOutbox(m, GATEWAY_SCHEMA, {
    type: 'directory.department.upserted',
    aggregateType: 'department',
    aggregateId: d.id,
    communityId,
    payload: d,
  });
}

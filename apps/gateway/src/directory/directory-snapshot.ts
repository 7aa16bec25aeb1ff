import { DataSource, EntityManager } from 'typeorm';
import { type EventPayload, type EventType, type NewEvent, writeOutbox } from '@app/shared';
import {
  DEPARTMENTS_WITH_COMMUNITY,
  departmentUpserted,
  INSTITUTION_COLUMNS,
  institutionUpserted,
} from '../admin/directory-outbox';
import { GATEWAY_SCHEMA } from '../migrations';

type DistrictRow = EventPayload<'directory.district.upserted'>;
type CommunityRow = EventPayload<'directory.community.upserted'>;

/** One event per row, written in the rows' order; answers how many. */
async function writeEach<R>(
  m: EntityManager,
  rows: R[],
  event: (row: R) => NewEvent<EventType>,
): Promise<number> {
  for (const row of rows) await writeOutbox(m, GATEWAY_SCHEMA, event(row));
  return rows.length;
}

/**
 * Publishes the whole directory as upsert events at every gateway start. Consumers upsert,
 * so repeats are harmless, and a service whose replica fell behind (or is new) catches up.
 */
export async function publishDirectorySnapshot(ds: DataSource): Promise<number> {
  return ds.transaction(async (m) => {
    // Districts first: a replica then knows a community's district when the community arrives.
    const districts: DistrictRow[] = await m.query(
      `SELECT id, code, name, population FROM gateway.districts`,
    );
    let count = await writeEach(m, districts, (d) => ({
      type: 'directory.district.upserted',
      aggregateType: 'district',
      aggregateId: d.id,
      payload: d,
    }));
    const communities: CommunityRow[] = await m.query(
      `SELECT id, code, name, population, district_id AS "districtId" FROM gateway.communities`,
    );
    count += await writeEach(m, communities, (c) => ({
      type: 'directory.community.upserted',
      aggregateType: 'community',
      aggregateId: c.id,
      communityId: c.id,
      payload: c,
    }));
    const institutions = await m.query(
      `SELECT ${INSTITUTION_COLUMNS} FROM gateway.institutions ORDER BY level DESC`,
    );
    count += await writeEach(m, institutions, institutionUpserted);
    count += await writeEach(m, await m.query(DEPARTMENTS_WITH_COMMUNITY), departmentUpserted);
    return count;
  });
}

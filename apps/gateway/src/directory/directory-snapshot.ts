import { DataSource } from 'typeorm';
import { type EventPayload, writeOutbox } from '@app/shared';
import { sweepRows } from '@app/shared/database/sweep-rows';
import {
  DEPARTMENTS_WITH_COMMUNITY,
  departmentUpserted,
  INSTITUTION_COLUMNS,
  institutionUpserted,
} from '../admin/directory-outbox';
import { GATEWAY_SCHEMA } from '../migrations';

type DistrictRow = EventPayload<'directory.district.upserted'>;
type CommunityRow = EventPayload<'directory.community.upserted'>;

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
    const write = (event: Parameters<typeof writeOutbox>[2]) =>
      writeOutbox(m, GATEWAY_SCHEMA, event);
    let count = await sweepRows(districts, (d) =>
      write({
        type: 'directory.district.upserted',
        aggregateType: 'district',
        aggregateId: d.id,
        payload: d,
      }),
    );
    const communities: CommunityRow[] = await m.query(
      `SELECT id, code, name, population, district_id AS "districtId" FROM gateway.communities`,
    );
    count += await sweepRows(communities, (c) =>
      write({
        type: 'directory.community.upserted',
        aggregateType: 'community',
        aggregateId: c.id,
        communityId: c.id,
        payload: c,
      }),
    );
    const institutions: Parameters<typeof institutionUpserted>[0][] = await m.query(
      `SELECT ${INSTITUTION_COLUMNS} FROM gateway.institutions ORDER BY level DESC`,
    );
    count += await sweepRows(institutions, (row) => write(institutionUpserted(row)));
    const departments: Parameters<typeof departmentUpserted>[0][] = await m.query(
      DEPARTMENTS_WITH_COMMUNITY,
    );
    count += await sweepRows(departments, (row) => write(departmentUpserted(row)));
    return count;
  });
}

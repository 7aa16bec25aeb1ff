import { DataSource } from 'typeorm';
import { type EventPayload, type EventType, type NewEvent, writeOutbox } from '@app/shared';
import { sweepRows } from '@app/shared/database/sweep-rows';
import {
  DEPARTMENTS_WITH_COMMUNITY,
  type DepartmentRow,
  departmentUpserted,
  INSTITUTION_COLUMNS,
  type InstitutionRow,
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
    const write = (event: NewEvent<EventType>) => writeOutbox(m, GATEWAY_SCHEMA, event);
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
    const institutions: InstitutionRow[] = await m.query(
      `SELECT ${INSTITUTION_COLUMNS} FROM gateway.institutions ORDER BY level DESC`,
    );
    count += await sweepRows(institutions, (row) => write(institutionUpserted(row)));
    const departments: DepartmentRow[] = await m.query(DEPARTMENTS_WITH_COMMUNITY);
    count += await sweepRows(departments, (row) => write(departmentUpserted(row)));
    return count;
  });
}

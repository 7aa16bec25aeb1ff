import { DataSource } from 'typeorm';
import { writeOutbox } from '@app/shared';
import {
  DEPARTMENTS_WITH_COMMUNITY,
  departmentUpserted,
  INSTITUTION_COLUMNS,
  institutionUpserted,
} from '../admin/directory-outbox';
import { GATEWAY_SCHEMA } from '../migrations';

/**
 * Publishes the whole directory as upsert events at every gateway start. Consumers upsert,
 * so repeats are harmless, and a service whose replica fell behind (or is new) catches up.
 */
export async function publishDirectorySnapshot(ds: DataSource): Promise<number> {
  return ds.transaction(async (m) => {
    let count = 0;
    // Districts first: a replica then knows a community's district when the community arrives.
    const districts = await m.query(`SELECT id, code, name, population FROM gateway.districts`);
    for (const d of districts) {
      await writeOutbox(m, GATEWAY_SCHEMA, {
        type: 'directory.district.upserted',
        aggregateType: 'district',
        aggregateId: d.id,
        payload: d,
      });
      count++;
    }
    const communities = await m.query(
      `SELECT id, code, name, population, district_id AS "districtId" FROM gateway.communities`,
    );
    for (const c of communities) {
      await writeOutbox(m, GATEWAY_SCHEMA, {
        type: 'directory.community.upserted',
        aggregateType: 'community',
        aggregateId: c.id,
        communityId: c.id,
        payload: c,
      });
      count++;
    }
    const institutions = await m.query(
      `SELECT ${INSTITUTION_COLUMNS} FROM gateway.institutions ORDER BY level DESC`,
    );
    for (const i of institutions) {
      await writeOutbox(m, GATEWAY_SCHEMA, institutionUpserted(i));
      count++;
    }
    for (const d of await m.query(DEPARTMENTS_WITH_COMMUNITY)) {
      await writeOutbox(m, GATEWAY_SCHEMA, departmentUpserted(d));
      count++;
    }
    return count;
  });
}

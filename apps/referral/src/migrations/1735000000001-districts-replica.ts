import { MigrationInterface, QueryRunner } from 'typeorm';
import { directoryReplicaDistrictsSql } from '@app/shared';
import { REFERRAL_SCHEMA } from './1732000000001-referrals';

/** The directory replica learns districts (gateway migration 1735000000000). */
export class DistrictsReplica1735000000001 implements MigrationInterface {
  name = 'DistrictsReplica1735000000001';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of directoryReplicaDistrictsSql(REFERRAL_SCHEMA)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${REFERRAL_SCHEMA}"`;
    await q.query(`ALTER TABLE ${s}.dir_communities DROP COLUMN district_id`);
    await q.query(`DROP TABLE ${s}.dir_districts`);
  }
}

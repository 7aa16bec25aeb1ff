import { MigrationInterface, QueryRunner } from 'typeorm';
import { GATEWAY_SCHEMA } from './1732000000000-identity-directory';

/**
 * Districts (区/县, GB/T 2260 code) with their own 常住人口. Seed 004 附件2 5(1) divides by the
 * 区域内常住人口数, which is the district's, not the sum of its 医共体' service populations;
 * a community optionally belongs to one district (null keeps older data valid).
 */
export class Districts1735000000000 implements MigrationInterface {
  name = 'Districts1735000000000';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${GATEWAY_SCHEMA}"`;
    await q.query(`CREATE TABLE ${s}.districts (
      id uuid PRIMARY KEY,
      code text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{6}$'),
      name text NOT NULL,
      population integer NOT NULL CHECK (population >= 0),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `ALTER TABLE ${s}.communities ADD COLUMN district_id uuid NULL REFERENCES ${s}.districts(id)`,
    );
    await q.query(`CREATE INDEX communities_district ON ${s}.communities (district_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${GATEWAY_SCHEMA}"`;
    await q.query(`ALTER TABLE ${s}.communities DROP COLUMN district_id`);
    await q.query(`DROP TABLE ${s}.districts`);
  }
}

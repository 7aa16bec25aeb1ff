import { MigrationInterface, QueryRunner } from 'typeorm';
import { REFERRAL_SCHEMA } from './1732000000001-referrals';

/**
 * A referral another service opens on someone's behalf (a green channel from a critical
 * finding) carries the key of what opened it; the unique index makes "at most one referral per
 * finding" hold under any concurrency, where a check-then-create could not.
 */
export class ReferralOrigin1733000000001 implements MigrationInterface {
  name = 'ReferralOrigin1733000000001';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${REFERRAL_SCHEMA}"`;
    await q.query(`ALTER TABLE ${s}.referrals ADD COLUMN origin_key text NULL`);
    await q.query(
      `CREATE UNIQUE INDEX referrals_origin ON ${s}.referrals (community_id, origin_key) WHERE origin_key IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${REFERRAL_SCHEMA}"`;
    await q.query(`DROP INDEX ${s}.referrals_origin`);
    await q.query(`ALTER TABLE ${s}.referrals DROP COLUMN origin_key`);
  }
}

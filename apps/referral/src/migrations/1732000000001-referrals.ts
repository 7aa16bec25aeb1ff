import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTablesSql } from '@app/shared';

export const REFERRAL_SCHEMA = 'referral';

export class Referrals1732000000001 implements MigrationInterface {
  name = 'Referrals1732000000001';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${REFERRAL_SCHEMA}"`;
    await q.query(`CREATE TABLE ${s}.referrals (
      id uuid PRIMARY KEY,
      community_id uuid NOT NULL,
      direction text NOT NULL CHECK (direction IN ('UP', 'DOWN')),
      status text NOT NULL,
      from_institution_id uuid NOT NULL,
      to_institution_id uuid NOT NULL,
      patient_id uuid NOT NULL,
      urgency text NOT NULL,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX referrals_from ON ${s}.referrals (from_institution_id, created_at DESC)`,
    );
    await q.query(
      `CREATE INDEX referrals_to ON ${s}.referrals (to_institution_id, created_at DESC)`,
    );
    await q.query(
      `CREATE INDEX referrals_community ON ${s}.referrals (community_id, created_at DESC)`,
    );
    for (const sql of outboxTablesSql(REFERRAL_SCHEMA)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE IF EXISTS "${REFERRAL_SCHEMA}".inbox, "${REFERRAL_SCHEMA}".outbox, "${REFERRAL_SCHEMA}".referrals`,
    );
  }
}

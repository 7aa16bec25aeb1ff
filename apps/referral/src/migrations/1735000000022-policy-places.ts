import { MigrationInterface, QueryRunner } from 'typeorm';
import { REFERRAL_SCHEMA } from './1732000000001-referrals';

/**
 * Issue 12 items 8 and 9. Seed 004 四（八）4 reserves exactly 1/3 of the 牵头单位's outpatient
 * slots (numeric without a scale holds 1/3 to 20 digits, where numeric(5,4) held 0.3333) and
 * binds the lead and county hospitals, not every institution. Seed 001 asks that the place be
 * really secured (落实好病人就诊号源及住院床位): holds last until the receiver's answer is due,
 * and acceptance without a held place is a community's explicit choice.
 */
export class PolicyPlaces1735000000022 implements MigrationInterface {
  name = 'PolicyPlaces1735000000022';

  async up(q: QueryRunner): Promise<void> {
    const p = `"${REFERRAL_SCHEMA}".policies`;
    await q.query(`ALTER TABLE ${p} ALTER COLUMN min_referral_slot_share TYPE numeric,
      ALTER COLUMN min_referral_slot_share SET DEFAULT (1::numeric / 3)`);
    await q.query(
      `UPDATE ${p} SET min_referral_slot_share = 1::numeric / 3 WHERE min_referral_slot_share = 0.3333`,
    );
    await q.query(`ALTER TABLE ${p}
      ADD COLUMN quota_institution_types text[] NOT NULL DEFAULT '{LEAD_HOSPITAL,COUNTY_HOSPITAL}',
      ADD COLUMN hold_until_response_due boolean NOT NULL DEFAULT true,
      ADD COLUMN accept_without_place boolean NOT NULL DEFAULT false`);
    // Item 7: a follow-up ends with its referral (cancelled, or the patient never came).
    await q.query(`ALTER TABLE "${REFERRAL_SCHEMA}".follow_ups DROP CONSTRAINT follow_ups_status_check,
      ADD CONSTRAINT follow_ups_status_check CHECK (status IN ('SCHEDULED', 'DONE', 'OVERDUE', 'CANCELLED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    const p = `"${REFERRAL_SCHEMA}".policies`;
    await q.query(`DELETE FROM "${REFERRAL_SCHEMA}".follow_ups WHERE status = 'CANCELLED'`);
    await q.query(`ALTER TABLE "${REFERRAL_SCHEMA}".follow_ups DROP CONSTRAINT follow_ups_status_check,
      ADD CONSTRAINT follow_ups_status_check CHECK (status IN ('SCHEDULED', 'DONE', 'OVERDUE'))`);
    await q.query(`ALTER TABLE ${p} DROP COLUMN quota_institution_types,
      DROP COLUMN hold_until_response_due, DROP COLUMN accept_without_place`);
    await q.query(`ALTER TABLE ${p} ALTER COLUMN min_referral_slot_share TYPE numeric(5,4),
      ALTER COLUMN min_referral_slot_share SET DEFAULT 0.3333`);
  }
}

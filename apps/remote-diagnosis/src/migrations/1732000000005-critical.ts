import { MigrationInterface, QueryRunner } from 'typeorm';
import { DIAGNOSIS_SCHEMA } from './1732000000002-studies';

/** D6: critical findings (危急值), acknowledged by a named clinician or escalated. */
export class Critical1732000000005 implements MigrationInterface {
  name = 'Critical1732000000005';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    await q.query(
      `ALTER TABLE ${s}.center_settings ADD COLUMN critical_ack_minutes numeric(10,3) NOT NULL DEFAULT 30 CHECK (critical_ack_minutes > 0)`,
    );
    await q.query(`CREATE TABLE ${s}.critical_findings (
      id uuid PRIMARY KEY,
      study_id uuid NOT NULL REFERENCES ${s}.studies(id),
      community_id uuid NOT NULL,
      institution_id uuid NOT NULL,
      description text NOT NULL,
      raised_by uuid NOT NULL,
      raised_by_name text NOT NULL,
      raised_at timestamptz NOT NULL DEFAULT now(),
      ack_deadline timestamptz NOT NULL,
      ack_by uuid NULL,
      ack_by_name text NULL,
      ack_at timestamptz NULL,
      ack_note text NULL,
      escalated_at timestamptz NULL,
      referral_id uuid NULL
    )`);
    await q.query(
      `CREATE INDEX critical_open ON ${s}.critical_findings (ack_deadline) WHERE ack_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX critical_institution ON ${s}.critical_findings (institution_id, raised_at DESC)`,
    );
    await q.query(
      `CREATE INDEX studies_patient ON ${s}.studies (patient_id, received_at DESC) WHERE patient_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    await q.query(`DROP TABLE IF EXISTS ${s}.critical_findings`);
    await q.query(`ALTER TABLE ${s}.center_settings DROP COLUMN critical_ack_minutes`);
  }
}

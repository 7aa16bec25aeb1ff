import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTablesSql } from '@app/shared';

export const DIAGNOSIS_SCHEMA = 'diagnosis';

export class Studies1732000000002 implements MigrationInterface {
  name = 'Studies1732000000002';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    await q.query(`CREATE TABLE ${s}.studies (
      id uuid PRIMARY KEY,
      community_id uuid NOT NULL,
      institution_id uuid NOT NULL,
      patient_id uuid NULL,
      study_instance_uid text NOT NULL UNIQUE CHECK (study_instance_uid ~ '^[0-9.]{1,64}$'),
      modality text NULL,
      status text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX studies_institution ON ${s}.studies (institution_id, received_at DESC)`,
    );
    await q.query(
      `CREATE INDEX studies_community ON ${s}.studies (community_id, received_at DESC)`,
    );
    for (const sql of outboxTablesSql(DIAGNOSIS_SCHEMA)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE IF EXISTS "${DIAGNOSIS_SCHEMA}".inbox, "${DIAGNOSIS_SCHEMA}".outbox, "${DIAGNOSIS_SCHEMA}".studies`,
    );
  }
}

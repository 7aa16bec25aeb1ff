import { MigrationInterface, QueryRunner } from 'typeorm';
import { DIAGNOSIS_SCHEMA } from './1732000000002-studies';

/** D1: studies hold series hold instances; an instance is unique by its SOP Instance UID. */
export class Instances1732000000003 implements MigrationInterface {
  name = 'Instances1732000000003';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    await q.query(`ALTER TABLE ${s}.studies
      ADD COLUMN study_date text NULL,
      ADD COLUMN accession_number text NULL,
      ADD COLUMN instance_count integer NOT NULL DEFAULT 0,
      ADD COLUMN uploaded_by uuid NULL`);
    await q.query(`CREATE TABLE ${s}.series (
      id uuid PRIMARY KEY,
      study_id uuid NOT NULL REFERENCES ${s}.studies(id),
      series_instance_uid text NOT NULL UNIQUE CHECK (series_instance_uid ~ '^[0-9.]{1,64}$'),
      modality text NULL,
      instance_count integer NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE TABLE ${s}.instances (
      id uuid PRIMARY KEY,
      study_id uuid NOT NULL REFERENCES ${s}.studies(id),
      series_id uuid NOT NULL REFERENCES ${s}.series(id),
      sop_instance_uid text NOT NULL UNIQUE CHECK (sop_instance_uid ~ '^[0-9.]{1,64}$'),
      sop_class_uid text NOT NULL,
      transfer_syntax_uid text NOT NULL,
      blob_key text NOT NULL,
      size_bytes bigint NOT NULL CHECK (size_bytes > 0),
      sha256 text NOT NULL,
      uploaded_by uuid NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX instances_study ON ${s}.instances (study_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    await q.query(`DROP TABLE IF EXISTS ${s}.instances, ${s}.series`);
    await q.query(
      `ALTER TABLE ${s}.studies DROP COLUMN study_date, DROP COLUMN accession_number, DROP COLUMN instance_count, DROP COLUMN uploaded_by`,
    );
  }
}

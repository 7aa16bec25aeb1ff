import { MigrationInterface, QueryRunner } from 'typeorm';
import { directoryReplicaSql } from '@app/shared';
import { DIAGNOSIS_SCHEMA } from './1732000000002-studies';

/**
 * D3–D5: a study becomes a reading request (申请单) for a reading center; readers claim it
 * under a lease; reports keep every version. The studies row is the queue: its status,
 * priority, age and lease are the truth.
 */
export class Reading1732000000004 implements MigrationInterface {
  name = 'Reading1732000000004';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    for (const sql of directoryReplicaSql(DIAGNOSIS_SCHEMA)) await q.query(sql);
    await q.query(`CREATE TABLE ${s}.center_settings (
      center_id uuid PRIMARY KEY,
      requires_senior_approval boolean NOT NULL DEFAULT true,
      stat_minutes numeric(10,3) NOT NULL DEFAULT 30 CHECK (stat_minutes > 0),
      urgent_minutes numeric(10,3) NOT NULL DEFAULT 120 CHECK (urgent_minutes > 0),
      routine_minutes numeric(10,3) NOT NULL DEFAULT 1440 CHECK (routine_minutes > 0),
      lease_minutes numeric(10,3) NOT NULL DEFAULT 10 CHECK (lease_minutes > 0)
    )`);
    await q.query(`ALTER TABLE ${s}.studies
      ADD COLUMN center_id uuid NULL,
      ADD COLUMN priority text NULL CHECK (priority IN ('STAT', 'URGENT', 'ROUTINE')),
      ADD COLUMN priority_rank smallint GENERATED ALWAYS AS (CASE priority WHEN 'STAT' THEN 0 WHEN 'URGENT' THEN 1 ELSE 2 END) STORED,
      ADD COLUMN clinical_history text NULL,
      ADD COLUMN question text NULL,
      ADD COLUMN requested_by uuid NULL,
      ADD COLUMN requested_by_name text NULL,
      ADD COLUMN requested_at timestamptz NULL,
      ADD COLUMN due_at timestamptz NULL,
      ADD COLUMN escalated_at timestamptz NULL,
      ADD COLUMN lease_owner uuid NULL,
      ADD COLUMN lease_owner_name text NULL,
      ADD COLUMN lease_expires_at timestamptz NULL,
      ADD COLUMN returned_reason text NULL,
      ADD COLUMN finalized_at timestamptz NULL`);
    await q.query(
      `CREATE INDEX studies_queue ON ${s}.studies (center_id, priority_rank, requested_at) WHERE status = 'QUEUED'`,
    );
    await q.query(
      `CREATE INDEX studies_leases ON ${s}.studies (lease_expires_at) WHERE status = 'IN_PROGRESS'`,
    );
    await q.query(`CREATE TABLE ${s}.report_versions (
      id uuid PRIMARY KEY,
      study_id uuid NOT NULL REFERENCES ${s}.studies(id),
      version integer NOT NULL CHECK (version > 0),
      status text NOT NULL CHECK (status IN ('DRAFT', 'PRELIMINARY', 'FINAL', 'SUPERSEDED')),
      findings text NOT NULL,
      impression text NOT NULL,
      author_id uuid NOT NULL,
      author_name text NOT NULL,
      signed_at timestamptz NULL,
      approved_by uuid NULL,
      approved_by_name text NULL,
      approved_at timestamptz NULL,
      amend_reason text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (study_id, version),
      CHECK (approved_by IS NULL OR approved_by <> author_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    await q.query(
      `DROP TABLE IF EXISTS ${s}.report_versions, ${s}.center_settings, ${s}.dir_departments, ${s}.dir_institutions, ${s}.dir_communities`,
    );
  }
}

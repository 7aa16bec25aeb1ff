import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTablesSql } from '@app/shared';

export const GATEWAY_SCHEMA = 'gateway';

/** Communities, institutions, departments, users, API clients: the directory (O1, O2). */
export class IdentityDirectory1732000000000 implements MigrationInterface {
  name = 'IdentityDirectory1732000000000';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${GATEWAY_SCHEMA}"`;
    await q.query(`CREATE TABLE ${s}.communities (
      id uuid PRIMARY KEY,
      code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_-]{2,40}$'),
      name text NOT NULL,
      region text NOT NULL,
      population integer NOT NULL CHECK (population >= 0),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TYPE ${s}.institution_type AS ENUM
      ('LEAD_HOSPITAL', 'COUNTY_HOSPITAL', 'TOWNSHIP_HEALTH_CENTER', 'COMMUNITY_HEALTH_CENTER', 'VILLAGE_CLINIC')`);
    await q.query(`CREATE TABLE ${s}.institutions (
      id uuid PRIMARY KEY,
      community_id uuid NOT NULL REFERENCES ${s}.communities(id),
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      type ${s}.institution_type NOT NULL,
      level smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
      parent_id uuid NULL REFERENCES ${s}.institutions(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX institutions_community ON ${s}.institutions (community_id)`);
    await q.query(
      `CREATE UNIQUE INDEX institutions_one_lead ON ${s}.institutions (community_id) WHERE type = 'LEAD_HOSPITAL'`,
    );
    await q.query(`CREATE TABLE ${s}.departments (
      id uuid PRIMARY KEY,
      institution_id uuid NOT NULL REFERENCES ${s}.institutions(id),
      code text NOT NULL,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('CLINICAL', 'WARD', 'IMAGING_CENTER', 'ECG_CENTER', 'OTHER')),
      UNIQUE (institution_id, code)
    )`);
    await q.query(`CREATE TABLE ${s}.users (
      id uuid PRIMARY KEY,
      username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,64}$'),
      display_name text NOT NULL,
      password_hash text NOT NULL,
      institution_id uuid NOT NULL REFERENCES ${s}.institutions(id),
      roles text[] NOT NULL CHECK (cardinality(roles) > 0),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE ${s}.api_clients (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      key_prefix text NOT NULL UNIQUE,
      key_hash text NOT NULL,
      institution_id uuid NOT NULL REFERENCES ${s}.institutions(id),
      scopes text[] NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz NULL
    )`);
    await q.query(`CREATE TABLE ${s}.patients (
      id uuid PRIMARY KEY,
      community_id uuid NOT NULL REFERENCES ${s}.communities(id),
      resident_id_hash text NOT NULL,
      resident_id_cipher text NOT NULL,
      resident_id_masked text NOT NULL,
      name text NOT NULL,
      sex text NOT NULL CHECK (sex IN ('male', 'female')),
      birth_date date NOT NULL,
      phone text NULL,
      family_doctor_signed boolean NOT NULL DEFAULT false,
      registered_by_institution_id uuid NOT NULL REFERENCES ${s}.institutions(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (community_id, resident_id_hash)
    )`);
    await q.query(`CREATE TABLE ${s}.audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_kind text NOT NULL,
      actor_id uuid NOT NULL,
      actor_name text NOT NULL,
      institution_id uuid NOT NULL,
      community_id uuid NOT NULL,
      action text NOT NULL,
      resource_type text NOT NULL,
      resource_id text NULL,
      patient_id uuid NULL,
      outcome text NOT NULL,
      ip text NULL,
      user_agent text NULL,
      correlation_id text NULL
    )`);
    await q.query(`CREATE INDEX audit_community_at ON ${s}.audit_log (community_id, at DESC)`);
    await q.query(
      `CREATE INDEX audit_patient ON ${s}.audit_log (patient_id, at DESC) WHERE patient_id IS NOT NULL`,
    );
    await q.query(`CREATE TABLE ${s}.idempotency_keys (
      actor_id uuid NOT NULL,
      key text NOT NULL,
      method text NOT NULL,
      path text NOT NULL,
      request_hash text NOT NULL,
      status_code integer NULL,
      response_body jsonb NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (actor_id, key)
    )`);
    for (const sql of outboxTablesSql(GATEWAY_SCHEMA)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${GATEWAY_SCHEMA}"`;
    for (const t of [
      'inbox',
      'outbox',
      'idempotency_keys',
      'audit_log',
      'patients',
      'api_clients',
      'users',
      'departments',
      'institutions',
      'communities',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${s}.${t}`);
    }
    await q.query(`DROP TYPE IF EXISTS ${s}.institution_type`);
  }
}

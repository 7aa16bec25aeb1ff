import { MigrationInterface, QueryRunner } from 'typeorm';
import { directoryReplicaSql, outboxTablesSql } from '@app/shared';

export const REFERRAL_SCHEMA = 'referral';

/**
 * The referral service's own tables: a replica of the directory (fed by gateway events),
 * community policy and catalog, capacity (slots and beds with pools), referrals with their
 * transitions and reservations, and follow-ups. Capacity invariants live in CHECKs.
 */
export class Referrals1732000000001 implements MigrationInterface {
  name = 'Referrals1732000000001';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${REFERRAL_SCHEMA}"`;
    for (const sql of directoryReplicaSql(REFERRAL_SCHEMA)) await q.query(sql);

    await q.query(`CREATE TABLE ${s}.policies (
      community_id uuid PRIMARY KEY,
      min_referral_slot_share numeric(5,4) NOT NULL DEFAULT 0.3333 CHECK (min_referral_slot_share BETWEEN 0 AND 1),
      min_referral_bed_share numeric(5,4) NOT NULL DEFAULT 0.25 CHECK (min_referral_bed_share BETWEEN 0 AND 1),
      release_lead_minutes numeric(12,4) NOT NULL DEFAULT 1440 CHECK (release_lead_minutes >= 0),
      hold_minutes numeric(12,4) NOT NULL DEFAULT 15 CHECK (hold_minutes > 0 AND hold_minutes <= 1440),
      emergency_hold_minutes numeric(12,4) NOT NULL DEFAULT 120 CHECK (emergency_hold_minutes > 0 AND emergency_hold_minutes <= 1440),
      response_escalation_minutes numeric(12,4) NOT NULL DEFAULT 120 CHECK (response_escalation_minutes > 0),
      response_expiry_minutes numeric(12,4) NOT NULL DEFAULT 2880 CHECK (response_expiry_minutes > 0),
      follow_up_days numeric(12,6) NOT NULL DEFAULT 7 CHECK (follow_up_days > 0 AND follow_up_days <= 365),
      follow_up_grace_days numeric(12,6) NOT NULL DEFAULT 3 CHECK (follow_up_grace_days BETWEEN 0 AND 365),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid NULL
    )`);

    await q.query(`CREATE TABLE ${s}.catalog_entries (
      id uuid PRIMARY KEY,
      community_id uuid NOT NULL,
      list text NOT NULL CHECK (list IN ('UP', 'DOWN', 'PRIMARY_CARE')),
      code_from text NOT NULL,
      code_to text NOT NULL CHECK (code_to >= code_from),
      label text NOT NULL
    )`);
    await q.query(`CREATE INDEX catalog_lookup ON ${s}.catalog_entries (community_id, list)`);

    await q.query(`CREATE TABLE ${s}.slots (
      id uuid PRIMARY KEY,
      community_id uuid NOT NULL,
      institution_id uuid NOT NULL,
      department_id uuid NOT NULL,
      doctor_name text NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
      local_date date NOT NULL,
      pool text NOT NULL CHECK (pool IN ('REFERRAL', 'GENERAL')),
      capacity integer NOT NULL CHECK (capacity >= 0),
      held integer NOT NULL DEFAULT 0 CHECK (held >= 0),
      booked integer NOT NULL DEFAULT 0 CHECK (booked >= 0),
      schedule_id uuid NULL,
      released_to_general_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT slots_never_overbooked CHECK (held + booked <= capacity)
    )`);
    await q.query(
      `CREATE INDEX slots_search ON ${s}.slots (institution_id, department_id, starts_at)`,
    );
    await q.query(`CREATE INDEX slots_day ON ${s}.slots (department_id, local_date)`);

    await q.query(`CREATE TABLE ${s}.beds (
      id uuid PRIMARY KEY,
      community_id uuid NOT NULL,
      institution_id uuid NOT NULL,
      department_id uuid NOT NULL,
      number text NOT NULL,
      sex_restriction text NULL CHECK (sex_restriction IN ('male', 'female')),
      pool text NOT NULL CHECK (pool IN ('REFERRAL', 'GENERAL')),
      status text NOT NULL DEFAULT 'AVAILABLE' CHECK (status IN ('AVAILABLE', 'HELD', 'BOOKED', 'OCCUPIED', 'CLOSED')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (department_id, number)
    )`);
    await q.query(`CREATE INDEX beds_search ON ${s}.beds (institution_id, department_id, status)`);

    await q.query(`CREATE TABLE ${s}.referrals (
      id uuid PRIMARY KEY,
      community_id uuid NOT NULL,
      direction text NOT NULL CHECK (direction IN ('UP', 'DOWN')),
      status text NOT NULL,
      from_institution_id uuid NOT NULL,
      to_institution_id uuid NOT NULL,
      to_department_id uuid NULL,
      patient_id uuid NOT NULL,
      family_doctor_signed boolean NOT NULL DEFAULT false,
      diagnoses text[] NOT NULL,
      reason text NOT NULL,
      urgency text NOT NULL CHECK (urgency IN ('ROUTINE', 'URGENT', 'EMERGENCY')),
      green_channel text NULL,
      clinical_summary text NOT NULL DEFAULT '',
      justification text NULL,
      out_of_catalog boolean NOT NULL DEFAULT false,
      attachments jsonb NOT NULL DEFAULT '[]',
      continues_referral_id uuid NULL REFERENCES ${s}.referrals(id),
      redirected_to_referral_id uuid NULL REFERENCES ${s}.referrals(id),
      completion_summary text NULL,
      created_by uuid NOT NULL,
      created_by_name text NOT NULL,
      submitted_at timestamptz NOT NULL DEFAULT now(),
      accepted_at timestamptz NULL,
      arrived_at timestamptz NULL,
      completed_at timestamptz NULL,
      closed_at timestamptz NULL,
      escalated_at timestamptz NULL,
      respond_by timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (from_institution_id <> to_institution_id)
    )`);
    await q.query(
      `CREATE INDEX referrals_from ON ${s}.referrals (from_institution_id, submitted_at DESC)`,
    );
    await q.query(
      `CREATE INDEX referrals_to ON ${s}.referrals (to_institution_id, submitted_at DESC)`,
    );
    await q.query(
      `CREATE INDEX referrals_community ON ${s}.referrals (community_id, submitted_at DESC)`,
    );
    await q.query(
      `CREATE INDEX referrals_pending ON ${s}.referrals (respond_by) WHERE status = 'SUBMITTED'`,
    );

    await q.query(`CREATE TABLE ${s}.transitions (
      id bigserial PRIMARY KEY,
      referral_id uuid NOT NULL REFERENCES ${s}.referrals(id),
      from_status text NULL,
      to_status text NOT NULL,
      actor_id uuid NULL,
      actor_name text NOT NULL,
      actor_institution_id uuid NULL,
      reason text NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX transitions_referral ON ${s}.transitions (referral_id, id)`);

    await q.query(`CREATE TABLE ${s}.reservations (
      id uuid PRIMARY KEY,
      referral_id uuid NOT NULL REFERENCES ${s}.referrals(id),
      kind text NOT NULL CHECK (kind IN ('SLOT', 'BED')),
      slot_id uuid NULL REFERENCES ${s}.slots(id),
      bed_id uuid NULL REFERENCES ${s}.beds(id),
      status text NOT NULL CHECK (status IN ('HELD', 'BOOKED', 'RELEASED', 'CONSUMED')),
      emergency boolean NOT NULL DEFAULT false,
      expires_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      released_at timestamptz NULL,
      release_reason text NULL,
      CHECK ((kind = 'SLOT') = (slot_id IS NOT NULL) AND (kind = 'BED') = (bed_id IS NOT NULL))
    )`);
    // A referral holds at most one slot or bed at a time; a bed is held by one referral at a time.
    await q.query(`CREATE UNIQUE INDEX reservations_one_active_per_referral ON ${s}.reservations (referral_id)
      WHERE status IN ('HELD', 'BOOKED')`);
    await q.query(`CREATE UNIQUE INDEX reservations_one_active_per_bed ON ${s}.reservations (bed_id)
      WHERE status IN ('HELD', 'BOOKED') AND bed_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX reservations_expiry ON ${s}.reservations (expires_at) WHERE status = 'HELD'`,
    );

    await q.query(`CREATE TABLE ${s}.follow_ups (
      id uuid PRIMARY KEY,
      referral_id uuid NOT NULL REFERENCES ${s}.referrals(id),
      community_id uuid NOT NULL,
      due_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('SCHEDULED', 'DONE', 'OVERDUE')),
      escalated_at timestamptz NULL,
      recorded_at timestamptz NULL,
      recorded_by uuid NULL,
      recorded_by_name text NULL,
      outcome text NULL CHECK (outcome IN ('STABLE', 'IMPROVED', 'WORSENED', 'READMITTED', 'UNREACHABLE', 'DECEASED')),
      notes text NULL,
      UNIQUE (referral_id)
    )`);
    await q.query(`CREATE INDEX follow_ups_due ON ${s}.follow_ups (due_at) WHERE status <> 'DONE'`);

    for (const sql of outboxTablesSql(REFERRAL_SCHEMA)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    const tables = [
      'inbox',
      'outbox',
      'follow_ups',
      'reservations',
      'transitions',
      'referrals',
      'beds',
      'slots',
      'catalog_entries',
      'policies',
      'dir_departments',
      'dir_institutions',
      'dir_communities',
    ];
    for (const t of tables) await q.query(`DROP TABLE IF EXISTS "${REFERRAL_SCHEMA}".${t}`);
  }
}

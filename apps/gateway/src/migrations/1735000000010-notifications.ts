import { MigrationInterface, QueryRunner } from 'typeorm';
import { GATEWAY_SCHEMA } from './1732000000000-identity-directory';

/**
 * The notification inbox (issue 12, item 13). A notice is written once per event (in the
 * transaction that records the event in the inbox) and addressed to audiences — an institution's
 * or a reading center's people in a role, or a community's — rather than to users, so someone
 * who joins later still sees what is open. Read state is per user: single reads plus a
 * "read everything up to sequence N" mark, so "mark all read" is one row whatever the backlog.
 */
export class Notifications1735000000010 implements MigrationInterface {
  name = 'Notifications1735000000010';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${GATEWAY_SCHEMA}"`;
    await q.query(`CREATE TABLE ${s}.notifications (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      event_id uuid NOT NULL UNIQUE,
      event_type text NOT NULL,
      community_id uuid NOT NULL,
      urgency text NOT NULL CHECK (urgency IN ('CRITICAL', 'HIGH', 'NORMAL')),
      title text NOT NULL,
      body text NOT NULL,
      resource_type text NOT NULL,
      resource_id uuid NOT NULL,
      link text NOT NULL,
      occurred_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX notifications_community_seq ON ${s}.notifications (community_id, seq)`,
    );
    await q.query(`CREATE TABLE ${s}.notification_audiences (
      notification_id uuid NOT NULL REFERENCES ${s}.notifications(id) ON DELETE CASCADE,
      role text NOT NULL,
      institution_id uuid NULL,
      center_id uuid NULL,
      CHECK (institution_id IS NULL OR center_id IS NULL)
    )`);
    await q.query(
      `CREATE INDEX notification_audiences_notice ON ${s}.notification_audiences (notification_id)`,
    );
    await q.query(`CREATE TABLE ${s}.notification_reads (
      user_id uuid NOT NULL REFERENCES ${s}.users(id) ON DELETE CASCADE,
      notification_id uuid NOT NULL REFERENCES ${s}.notifications(id) ON DELETE CASCADE,
      read_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, notification_id)
    )`);
    await q.query(`CREATE TABLE ${s}.notification_read_marks (
      user_id uuid PRIMARY KEY REFERENCES ${s}.users(id) ON DELETE CASCADE,
      through_seq bigint NOT NULL,
      read_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Who the parties of a referral are, learnt from referral.* events: follow_up.overdue
    // names only the referral, and the gateway does not read the referral service's schema.
    await q.query(`CREATE TABLE ${s}.notification_referrals (
      referral_id uuid PRIMARY KEY,
      community_id uuid NOT NULL,
      direction text NOT NULL,
      from_institution_id uuid NOT NULL,
      to_institution_id uuid NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${GATEWAY_SCHEMA}"`;
    await q.query(`DROP TABLE ${s}.notification_referrals`);
    await q.query(`DROP TABLE ${s}.notification_read_marks`);
    await q.query(`DROP TABLE ${s}.notification_reads`);
    await q.query(`DROP TABLE ${s}.notification_audiences`);
    await q.query(`DROP TABLE ${s}.notifications`);
  }
}

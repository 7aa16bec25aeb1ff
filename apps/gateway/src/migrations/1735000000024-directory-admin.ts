import { MigrationInterface, QueryRunner } from 'typeorm';
import { GATEWAY_SCHEMA } from './1732000000000-identity-directory';

/**
 * Community admins manage the directory (issue 13 item 1): institutions and departments are
 * disabled rather than deleted (referrals, studies and audit rows keep pointing at them), and a
 * user's password records when it last changed.
 */
export class DirectoryAdmin1735000000024 implements MigrationInterface {
  name = 'DirectoryAdmin1735000000024';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${GATEWAY_SCHEMA}"`;
    await q.query(`ALTER TABLE ${s}.institutions
      ADD COLUMN active boolean NOT NULL DEFAULT true,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE ${s}.departments
      ADD COLUMN active boolean NOT NULL DEFAULT true,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE ${s}.users
      ADD COLUMN password_changed_at timestamptz NULL,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${GATEWAY_SCHEMA}"`;
    await q.query(`ALTER TABLE ${s}.users DROP COLUMN password_changed_at, DROP COLUMN updated_at`);
    await q.query(`ALTER TABLE ${s}.departments DROP COLUMN active, DROP COLUMN updated_at`);
    await q.query(`ALTER TABLE ${s}.institutions DROP COLUMN active, DROP COLUMN updated_at`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { GATEWAY_SCHEMA } from './1732000000000-identity-directory';

/**
 * Readers belong to reading centers (影像诊断中心, 心电诊断中心) and read only for those: a CT
 * reader does not claim ECGs. The membership travels in the actor, so the diagnosis service,
 * which owns the queues, enforces it.
 */
export class ReadingCenterReaders1733000000000 implements MigrationInterface {
  name = 'ReadingCenterReaders1733000000000';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${GATEWAY_SCHEMA}"`;
    await q.query(`CREATE TABLE ${s}.reading_center_readers (
      user_id uuid NOT NULL REFERENCES ${s}.users(id) ON DELETE CASCADE,
      center_id uuid NOT NULL REFERENCES ${s}.departments(id),
      PRIMARY KEY (user_id, center_id)
    )`);
    await q.query(
      `CREATE INDEX reading_center_readers_center ON ${s}.reading_center_readers (center_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${GATEWAY_SCHEMA}".reading_center_readers`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { DIAGNOSIS_SCHEMA } from './1732000000002-studies';

const RANK = (signed: boolean) =>
  signed
    ? `(CASE priority WHEN 'STAT' THEN 0 WHEN 'URGENT' THEN 1 ELSE 2 END) * 2 + CASE WHEN family_doctor_signed THEN 0 ELSE 1 END`
    : `CASE priority WHEN 'STAT' THEN 0 WHEN 'URGENT' THEN 1 ELSE 2 END`;

/**
 * Seed 001 四(六): 签约 residents are examined first (优先检查). Within a priority a signed
 * patient's study is read before an unsigned one, so the flag is folded into the queue rank the
 * claim-next indexes already order by (no extra sort key, no slower claim).
 */
export class SignedFirst1735000000021 implements MigrationInterface {
  name = 'SignedFirst1735000000021';

  async up(q: QueryRunner): Promise<void> {
    await this.rank(q, true);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.rank(q, false);
    await q.query(`ALTER TABLE "${DIAGNOSIS_SCHEMA}".studies DROP COLUMN family_doctor_signed`);
  }

  private async rank(q: QueryRunner, signed: boolean) {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    if (signed)
      await q.query(
        `ALTER TABLE ${s}.studies ADD COLUMN family_doctor_signed boolean NOT NULL DEFAULT false`,
      );
    await q.query(`DROP INDEX ${s}.studies_queue, ${s}.studies_queue_community`);
    await q.query(`ALTER TABLE ${s}.studies DROP COLUMN priority_rank`);
    await q.query(
      `ALTER TABLE ${s}.studies ADD COLUMN priority_rank smallint GENERATED ALWAYS AS (${RANK(signed)}) STORED`,
    );
    await q.query(
      `CREATE INDEX studies_queue ON ${s}.studies (center_id, priority_rank, requested_at) WHERE status = 'QUEUED'`,
    );
    await q.query(
      `CREATE INDEX studies_queue_community ON ${s}.studies (community_id, priority_rank, requested_at) WHERE status = 'QUEUED'`,
    );
  }
}

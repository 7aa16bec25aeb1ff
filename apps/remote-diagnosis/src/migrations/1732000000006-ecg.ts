import { MigrationInterface, QueryRunner } from 'typeorm';
import { DIAGNOSIS_SCHEMA } from './1732000000002-studies';

/**
 * D2: what the ECG analyzers measured on each waveform instance, and the most urgent
 * priority they asked for on its study (applied when the reading is requested, or at once
 * to a study already queued).
 */
export class Ecg1732000000006 implements MigrationInterface {
  name = 'Ecg1732000000006';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    await q.query(`ALTER TABLE ${s}.instances ADD COLUMN ecg jsonb NULL`);
    await q.query(
      `ALTER TABLE ${s}.studies ADD COLUMN suggested_priority text NULL CHECK (suggested_priority IN ('STAT', 'URGENT', 'ROUTINE'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    await q.query(`ALTER TABLE ${s}.studies DROP COLUMN suggested_priority`);
    await q.query(`ALTER TABLE ${s}.instances DROP COLUMN ecg`);
  }
}

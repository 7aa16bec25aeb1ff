import { MigrationInterface, QueryRunner } from 'typeorm';
import { GATEWAY_SCHEMA } from './1732000000000-identity-directory';

/**
 * Phone numbers are personal data like the resident ID: kept encrypted (PII_KEY, AES-256-GCM)
 * and shown masked. The key is the application's, not the migration's, so the clear numbers an
 * older release stored are encrypted by the gateway at start-up (PatientPhoneBackfill), which
 * empties the old column; a later release drops it.
 */
export class PatientPhone1735000000020 implements MigrationInterface {
  name = 'PatientPhone1735000000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${GATEWAY_SCHEMA}".patients
      ADD COLUMN phone_cipher text NULL, ADD COLUMN phone_masked text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "${GATEWAY_SCHEMA}".patients DROP COLUMN phone_cipher, DROP COLUMN phone_masked`,
    );
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { GATEWAY_SCHEMA } from './1732000000000-identity-directory';

/**
 * Modalities that send over DICOM DIMSE (issue 15 item 2): a calling AE title belongs to one
 * institution, platform-wide, so an association names exactly whose study it carries.
 */
export class Modalities1735000000030 implements MigrationInterface {
  name = 'Modalities1735000000030';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${GATEWAY_SCHEMA}"`;
    await q.query(`CREATE TABLE ${s}.modalities (
      id uuid PRIMARY KEY,
      institution_id uuid NOT NULL REFERENCES ${s}.institutions(id),
      ae_title text NOT NULL CHECK (length(ae_title) BETWEEN 1 AND 16),
      name text NOT NULL,
      host inet NULL,
      active boolean NOT NULL DEFAULT true,
      last_seen_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX modalities_ae_title ON ${s}.modalities (ae_title)`);
    await q.query(`CREATE INDEX modalities_institution ON ${s}.modalities (institution_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${GATEWAY_SCHEMA}".modalities`);
  }
}

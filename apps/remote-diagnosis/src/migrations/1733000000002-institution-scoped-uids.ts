import { MigrationInterface, QueryRunner } from 'typeorm';
import { DIAGNOSIS_SCHEMA } from './1732000000002-studies';

/**
 * DICOM UIDs are unique per submitting institution, not across the platform: with one global
 * index, a clinic uploading another community's StudyInstanceUID learnt that it existed (409)
 * and could squat UIDs before their owner sent them. Each institution's studies, series and
 * instances now live in their own UID space; a repeat within it is still idempotent.
 */
export class InstitutionScopedUids1733000000002 implements MigrationInterface {
  name = 'InstitutionScopedUids1733000000002';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    await q.query(`ALTER TABLE ${s}.studies DROP CONSTRAINT studies_study_instance_uid_key`);
    await q.query(
      `ALTER TABLE ${s}.studies ADD CONSTRAINT studies_institution_uid UNIQUE (institution_id, study_instance_uid)`,
    );
    for (const table of ['series', 'instances']) {
      await q.query(`ALTER TABLE ${s}.${table} ADD COLUMN institution_id uuid NULL`);
      await q.query(
        `UPDATE ${s}.${table} t SET institution_id = st.institution_id FROM ${s}.studies st WHERE st.id = t.study_id`,
      );
      await q.query(`ALTER TABLE ${s}.${table} ALTER COLUMN institution_id SET NOT NULL`);
    }
    await q.query(`ALTER TABLE ${s}.series DROP CONSTRAINT series_series_instance_uid_key`);
    await q.query(
      `ALTER TABLE ${s}.series ADD CONSTRAINT series_institution_uid UNIQUE (institution_id, series_instance_uid)`,
    );
    await q.query(`ALTER TABLE ${s}.instances DROP CONSTRAINT instances_sop_instance_uid_key`);
    await q.query(
      `ALTER TABLE ${s}.instances ADD CONSTRAINT instances_institution_uid UNIQUE (institution_id, sop_instance_uid)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    await q.query(`ALTER TABLE ${s}.instances DROP CONSTRAINT instances_institution_uid`);
    await q.query(`ALTER TABLE ${s}.instances ADD UNIQUE (sop_instance_uid)`);
    await q.query(`ALTER TABLE ${s}.series DROP CONSTRAINT series_institution_uid`);
    await q.query(`ALTER TABLE ${s}.series ADD UNIQUE (series_instance_uid)`);
    await q.query(`ALTER TABLE ${s}.studies DROP CONSTRAINT studies_institution_uid`);
    await q.query(`ALTER TABLE ${s}.studies ADD UNIQUE (study_instance_uid)`);
    for (const table of ['series', 'instances'])
      await q.query(`ALTER TABLE ${s}.${table} DROP COLUMN institution_id`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { DIAGNOSIS_SCHEMA } from './1732000000002-studies';

/**
 * G2b: what QIDO-RS matches on and answers with, kept in the index at intake, and where WADO-RS
 * finds an instance's DICOM JSON and frames without reading the file again. Earlier rows keep
 * NULLs (the header fields were not indexed when they came in); their modalities and counts are
 * backfilled from their series.
 */
export class DicomwebIndex1733000000003 implements MigrationInterface {
  name = 'DicomwebIndex1733000000003';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    await q.query(`ALTER TABLE ${s}.studies
      ADD COLUMN patient_name text NULL,
      ADD COLUMN dicom_patient_id text NULL,
      ADD COLUMN patient_birth_date text NULL,
      ADD COLUMN patient_sex text NULL,
      ADD COLUMN study_time text NULL,
      ADD COLUMN referring_physician_name text NULL,
      ADD COLUMN study_description text NULL,
      ADD COLUMN dicom_study_id text NULL,
      ADD COLUMN modalities text[] NOT NULL DEFAULT '{}',
      ADD COLUMN series_count integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE ${s}.series
      ADD COLUMN series_number integer NULL,
      ADD COLUMN series_description text NULL,
      ADD COLUMN body_part text NULL`);
    await q.query(`ALTER TABLE ${s}.instances
      ADD COLUMN instance_number integer NULL,
      ADD COLUMN rows integer NULL,
      ADD COLUMN columns integer NULL,
      ADD COLUMN number_of_frames integer NULL,
      ADD COLUMN character_set_supported boolean NOT NULL DEFAULT true,
      ADD COLUMN metadata_blob_key text NULL,
      ADD COLUMN frames jsonb NULL`);
    await q.query(`UPDATE ${s}.studies st SET
        modalities = coalesce((SELECT array_agg(DISTINCT se.modality) FROM ${s}.series se
                                WHERE se.study_id = st.id AND se.modality IS NOT NULL), '{}'),
        series_count = (SELECT count(*) FROM ${s}.series se WHERE se.study_id = st.id)`);
    // WADO-RS and QIDO-RS address studies by UID; a study's instances are paged by SOP UID.
    await q.query(`CREATE INDEX studies_uid ON ${s}.studies (study_instance_uid)`);
    await q.query(
      `CREATE INDEX instances_study_sop ON ${s}.instances (study_id, sop_instance_uid)`,
    );
    // Series searches join studies; at 10,000 studies a study → series lookup without it
    // scanned the whole table per study (bench:dicomweb, QIDO p50 720 ms).
    await q.query(`CREATE INDEX series_study ON ${s}.series (study_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    await q.query(`DROP INDEX ${s}.series_study`);
    await q.query(`DROP INDEX ${s}.instances_study_sop`);
    await q.query(`DROP INDEX ${s}.studies_uid`);
    await q.query(`ALTER TABLE ${s}.instances DROP COLUMN instance_number, DROP COLUMN rows,
      DROP COLUMN columns, DROP COLUMN number_of_frames, DROP COLUMN character_set_supported,
      DROP COLUMN metadata_blob_key, DROP COLUMN frames`);
    await q.query(`ALTER TABLE ${s}.series DROP COLUMN series_number,
      DROP COLUMN series_description, DROP COLUMN body_part`);
    await q.query(`ALTER TABLE ${s}.studies DROP COLUMN patient_name, DROP COLUMN dicom_patient_id,
      DROP COLUMN patient_birth_date, DROP COLUMN patient_sex, DROP COLUMN study_time,
      DROP COLUMN referring_physician_name, DROP COLUMN study_description,
      DROP COLUMN dicom_study_id, DROP COLUMN modalities, DROP COLUMN series_count`);
  }
}

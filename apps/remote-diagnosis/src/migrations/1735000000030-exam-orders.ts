import { MigrationInterface, QueryRunner } from 'typeorm';
import { DIAGNOSIS_SCHEMA } from './1732000000002-studies';

/**
 * Exams ordered before they are performed (issue 15 item 3). The accession number and the
 * Study Instance UID handed to the modality through the worklist are each unique within the
 * ordering institution, so an arriving study matches at most one order.
 */
export class ExamOrders1735000000030 implements MigrationInterface {
  name = 'ExamOrders1735000000030';

  async up(q: QueryRunner): Promise<void> {
    const s = `"${DIAGNOSIS_SCHEMA}"`;
    await q.query(`CREATE TABLE ${s}.exam_orders (
      id uuid PRIMARY KEY,
      community_id uuid NOT NULL,
      institution_id uuid NOT NULL,
      patient_id uuid NOT NULL,
      accession_number text NOT NULL,
      study_instance_uid text NOT NULL,
      modality text NOT NULL,
      requested_procedure text NOT NULL,
      requested_procedure_code text NULL,
      scheduled_at timestamptz NOT NULL,
      scheduled_station_ae text NULL,
      center_id uuid NOT NULL,
      priority text NOT NULL CHECK (priority IN ('STAT', 'URGENT', 'ROUTINE')),
      clinical_history text NOT NULL,
      question text NOT NULL,
      placer_order_number text NULL,
      family_doctor_signed boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'SCHEDULED' CHECK (status IN ('SCHEDULED', 'QUEUED', 'CANCELLED')),
      study_id uuid NULL REFERENCES ${s}.studies(id),
      cancelled_reason text NULL,
      created_by uuid NOT NULL,
      created_by_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (institution_id, accession_number),
      UNIQUE (institution_id, study_instance_uid)
    )`);
    // The worklist: an institution's scheduled orders by time.
    await q.query(
      `CREATE INDEX exam_orders_worklist ON ${s}.exam_orders (institution_id, scheduled_at) WHERE status = 'SCHEDULED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${DIAGNOSIS_SCHEMA}".exam_orders`);
  }
}

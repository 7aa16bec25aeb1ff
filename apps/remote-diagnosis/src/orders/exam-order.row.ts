import type { ExamOrder, OrderStatus, Priority } from '@app/shared';

/** A row of diagnosis.exam_orders as PostgreSQL returns it. */
export interface ExamOrderRow {
  id: string;
  community_id: string;
  institution_id: string;
  patient_id: string;
  accession_number: string;
  study_instance_uid: string;
  modality: string;
  requested_procedure: string;
  requested_procedure_code: string | null;
  scheduled_at: Date;
  scheduled_station_ae: string | null;
  center_id: string;
  priority: Priority;
  clinical_history: string;
  question: string;
  placer_order_number: string | null;
  family_doctor_signed: boolean;
  status: OrderStatus;
  study_id: string | null;
  created_by: string;
  created_by_name: string;
  created_at: Date;
}

export function orderView(r: ExamOrderRow): ExamOrder {
  return {
    id: r.id,
    institutionId: r.institution_id,
    patientId: r.patient_id,
    accessionNumber: r.accession_number,
    studyInstanceUid: r.study_instance_uid,
    modality: r.modality,
    requestedProcedure: r.requested_procedure,
    requestedProcedureCode: r.requested_procedure_code,
    scheduledAt: r.scheduled_at.toISOString(),
    scheduledStationAeTitle: r.scheduled_station_ae,
    centerId: r.center_id,
    priority: r.priority,
    placerOrderNumber: r.placer_order_number,
    status: r.status,
    studyId: r.study_id,
    createdAt: r.created_at.toISOString(),
  };
}

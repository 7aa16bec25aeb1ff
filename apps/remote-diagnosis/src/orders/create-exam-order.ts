import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, AppError, ErrorCode, ExamOrder, NewExamOrder, rowsOf } from '@app/shared';
import { assertReadingCenter } from '../reading/queue-study';
import { ExamOrderRow, orderView } from './exam-order.row';
import { newAccessionNumber, uuidToUid } from './order-identifiers';
import { mayOrder } from './order-rules';

/** An exam ordered ahead of the study (issue 15 item 3), always of the caller's institution. */
@Injectable()
export class CreateExamOrder {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, input: NewExamOrder): Promise<ExamOrder> {
    if (!mayOrder(actor))
      throw AppError.forbidden('Only clinicians and ordering systems (studies:write) order exams');
    return this.ds.transaction(async (m) => {
      await assertReadingCenter(m, input.centerId, actor.communityId);
      const id = randomUUID();
      const [row] = await rowsOf<ExamOrderRow>(
        m,
        `INSERT INTO diagnosis.exam_orders (id, community_id, institution_id, patient_id, accession_number, study_instance_uid,
                modality, requested_procedure, requested_procedure_code, scheduled_at, scheduled_station_ae, center_id, priority,
                clinical_history, question, placer_order_number, family_doctor_signed, created_by, created_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         ON CONFLICT (institution_id, accession_number) DO NOTHING RETURNING *`,
        [
          id,
          actor.communityId,
          actor.institutionId,
          input.patientId,
          input.accessionNumber ?? newAccessionNumber(),
          uuidToUid(id),
          input.modality,
          input.requestedProcedure,
          input.requestedProcedureCode || null,
          input.scheduledAt,
          input.scheduledStationAeTitle ?? null,
          input.centerId,
          input.priority,
          input.clinicalHistory,
          input.question,
          input.placerOrderNumber || null,
          input.familyDoctorSigned,
          actor.id,
          actor.name,
        ],
      );
      if (!row)
        throw new AppError(
          ErrorCode.CONFLICT,
          'This institution already has an order with this accession number',
          [{ path: 'accessionNumber', message: 'already used' }],
        );
      return orderView(row);
    });
  }
}

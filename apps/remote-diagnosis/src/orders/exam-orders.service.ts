import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  Actor,
  AppError,
  ErrorCode,
  ExamOrder,
  ExamOrderQuery,
  hasRole,
  NewExamOrder,
  rowsOf,
} from '@app/shared';
import { assertReadingCenter } from '../reading/queue-study';
import { ExamOrderRow, orderView } from './exam-order.row';

/** PS3.5 B.2: a UID from a UUID, under the 2.25 root, needs no registered root of our own. */
export function uuidToUid(uuid: string): string {
  return `2.25.${BigInt(`0x${uuid.replaceAll('-', '')}`).toString()}`;
}

/** 16 characters (SH): "A" and 15 base-36 characters of randomness. */
function newAccessionNumber(): string {
  return `A${BigInt(`0x${randomBytes(10).toString('hex')}`)
    .toString(36)
    .toUpperCase()
    .slice(0, 15)}`;
}

/**
 * Who may order: the institution's clinicians, and engines (HIS via API or HL7) with
 * studies:write. A modality only reads its worklist; it never orders.
 */
function mayOrder(actor: Actor): boolean {
  if (actor.kind === 'user') return hasRole(actor, 'clinician');
  return actor.kind !== 'modality' && actor.scopes.includes('studies:write');
}

/** Exams ordered ahead of the study (issue 15 item 3), always of the caller's own institution. */
@Injectable()
export class ExamOrdersService {
  constructor(private readonly ds: DataSource) {}

  async create(actor: Actor, input: NewExamOrder): Promise<ExamOrder> {
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

  /** The caller's institution's orders; a modality sees the scheduled ones, as its worklist. */
  async list(actor: Actor, q: ExamOrderQuery) {
    const status = actor.kind === 'modality' ? 'SCHEDULED' : (q.status ?? null);
    const rows = await rowsOf<ExamOrderRow & { total: number }>(
      this.ds.manager,
      `SELECT *, count(*) OVER ()::int AS total FROM diagnosis.exam_orders
        WHERE institution_id = $1 AND ($2::text IS NULL OR status = $2)
          AND ($3::text IS NULL OR modality = $3)
          AND ($4::text IS NULL OR scheduled_station_ae IS NULL OR scheduled_station_ae = $4)
          AND ($5::timestamptz IS NULL OR scheduled_at >= $5) AND ($6::timestamptz IS NULL OR scheduled_at < $6)
          AND ($7::text IS NULL OR accession_number = $7)
          AND ($10::uuid IS NULL OR study_id = $10)
        ORDER BY scheduled_at, accession_number LIMIT $8 OFFSET $9`,
      [
        actor.institutionId,
        status,
        q.modality ?? null,
        q.stationAeTitle ?? null,
        q.scheduledFrom ?? null,
        q.scheduledTo ?? null,
        q.accessionNumber ?? null,
        q.limit,
        q.offset,
        q.studyId ?? null,
      ],
    );
    return {
      items: rows.map(orderView),
      total: rows[0]?.total ?? 0,
      limit: q.limit,
      offset: q.offset,
    };
  }

  async cancel(actor: Actor, id: string, reason: string): Promise<ExamOrder> {
    if (!mayOrder(actor))
      throw AppError.forbidden(
        'Only clinicians and ordering systems (studies:write) cancel orders',
      );
    return this.ds.transaction(async (m) => {
      const [row] = await rowsOf<ExamOrderRow>(
        m,
        `SELECT * FROM diagnosis.exam_orders WHERE id = $1 AND institution_id = $2 FOR UPDATE`,
        [id, actor.institutionId],
      );
      if (!row) throw AppError.notFound('Exam order');
      if (row.status !== 'SCHEDULED')
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          `The order is ${row.status}; only a scheduled order can be cancelled`,
        );
      const [updated] = await rowsOf<ExamOrderRow>(
        m,
        `UPDATE diagnosis.exam_orders SET status = 'CANCELLED', cancelled_reason = $2, updated_at = now()
          WHERE id = $1 RETURNING *`,
        [id, reason],
      );
      return orderView(updated);
    });
  }
}

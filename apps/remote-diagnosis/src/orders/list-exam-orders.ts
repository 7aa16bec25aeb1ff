import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, ExamOrderContracts, ExamOrderQuery, ResponseOf, rowsOf } from '@app/shared';
import { likePattern } from './dicom-match';
import { ExamOrderRow, orderView } from './exam-order.row';

/**
 * The caller's institution's orders; a modality sees the scheduled ones, as its worklist. The
 * worklist's wildcard matches are LIKE patterns here, so LIMIT counts matching orders only.
 */
@Injectable()
export class ListExamOrders {
  constructor(private readonly ds: DataSource) {}

  async execute(
    actor: Actor,
    q: ExamOrderQuery,
  ): Promise<ResponseOf<typeof ExamOrderContracts.list>> {
    const status = actor.kind === 'modality' ? 'SCHEDULED' : (q.status ?? null);
    const like = (match?: string) => (match === undefined ? null : likePattern(match));
    const rows = await rowsOf<ExamOrderRow & { total: number }>(
      this.ds.manager,
      `SELECT *, count(*) OVER ()::int AS total FROM diagnosis.exam_orders
        WHERE institution_id = $1 AND ($2::text IS NULL OR status = $2)
          AND ($3::text IS NULL OR modality = $3)
          AND ($4::text IS NULL OR scheduled_station_ae IS NULL OR scheduled_station_ae = $4)
          AND ($5::timestamptz IS NULL OR scheduled_at >= $5) AND ($6::timestamptz IS NULL OR scheduled_at < $6)
          AND ($7::text IS NULL OR accession_number = $7)
          AND ($10::uuid IS NULL OR study_id = $10)
          AND ($11::text IS NULL OR patient_id::text LIKE $11 ESCAPE '\\')
          AND ($12::text IS NULL OR modality LIKE $12 ESCAPE '\\')
          AND ($13::text IS NULL OR accession_number LIKE $13 ESCAPE '\\')
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
        like(q.patientIdMatches),
        like(q.modalityMatches),
        like(q.accessionNumberMatches),
      ],
    );
    return {
      items: rows.map(orderView),
      total: rows[0]?.total ?? 0,
      limit: q.limit,
      offset: q.offset,
    };
  }
}

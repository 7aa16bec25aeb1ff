import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, ErrorCode, ExamOrder, rowsOf } from '@app/shared';
import { ExamOrderRow, orderView } from './exam-order.row';
import { mayOrder } from './order-rules';

/**
 * The orderer withdraws a scheduled order: it leaves the worklist. Another institution's
 * order is not found, never refused, so its existence is not confirmed.
 */
@Injectable()
export class CancelExamOrder {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, id: string, reason: string): Promise<ExamOrder> {
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

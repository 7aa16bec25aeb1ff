import { Module } from '@nestjs/common';
import { CancelExamOrder } from './cancel-exam-order';
import { CreateExamOrder } from './create-exam-order';
import { ExamOrdersHandlers } from './exam-orders.handlers';
import { ListExamOrders } from './list-exam-orders';

/** Exams ordered before the study (issue 15 item 3); intake matches arriving studies to them. */
@Module({
  controllers: [ExamOrdersHandlers],
  providers: [CreateExamOrder, ListExamOrders, CancelExamOrder],
})
export class OrdersModule {}

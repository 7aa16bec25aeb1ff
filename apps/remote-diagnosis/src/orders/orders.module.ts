import { Module } from '@nestjs/common';
import { ExamOrdersHandlers } from './exam-orders.handlers';
import { ExamOrdersService } from './exam-orders.service';

/** Exams ordered before the study (issue 15 item 3); intake matches arriving studies to them. */
@Module({
  controllers: [ExamOrdersHandlers],
  providers: [ExamOrdersService],
})
export class OrdersModule {}

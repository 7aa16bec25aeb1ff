import { Module } from '@nestjs/common';
import { BusCaller } from '../common/bus-call';
import { PatientsModule } from '../patients/patients.module';
import { ExamOrdersController } from './exam-orders.controller';

@Module({
  imports: [PatientsModule],
  controllers: [ExamOrdersController],
  providers: [BusCaller],
})
export class OrdersModule {}

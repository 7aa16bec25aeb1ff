import { Module } from '@nestjs/common';
import { CentersModule } from './centers/centers.module';
import { DicomwebModule } from './dicomweb/dicomweb.module';
import { IntakeModule } from './intake/intake.module';
import { OrdersModule } from './orders/orders.module';
import { ReadingModule } from './reading/reading.module';
import { RecordsModule } from './records/records.module';
import { SharingModule } from './sharing/sharing.module';
import { StudiesModule } from './studies/studies.module';
import { WorklistModule } from './worklist/worklist.module';

@Module({
  imports: [
    StudiesModule,
    IntakeModule,
    ReadingModule,
    DicomwebModule,
    RecordsModule,
    CentersModule,
    SharingModule,
    WorklistModule,
    OrdersModule,
  ],
})
export class RemoteDiagnosisModule {}

import { Module } from '@nestjs/common';
import { BusCaller } from '../common/bus-call';
import { PatientsModule } from '../patients/patients.module';
import { CriticalController } from './critical.controller';
import { EcgController } from './ecg.controller';
import { ReadingController } from './reading.controller';
import { ReadingCentersController } from './reading-centers.controller';
import { WorklistController } from './worklist.controller';
import { StudiesController } from './studies.controller';
import { blobStoreProvider, InstanceIntake } from './instance-intake.service';
import { RegistrationBatcher } from './registration-batcher';
import { UploadService } from './upload.service';

/** Remote diagnosis at the edge: uploads stream to blob storage; everything else goes over the bus. */
@Module({
  imports: [PatientsModule],
  controllers: [
    StudiesController,
    CriticalController,
    EcgController,
    ReadingController,
    ReadingCentersController,
    WorklistController,
  ],
  providers: [BusCaller, RegistrationBatcher, InstanceIntake, UploadService, blobStoreProvider],
  exports: [InstanceIntake, UploadService, blobStoreProvider],
})
export class StudiesModule {}

import { Module } from '@nestjs/common';
import { PatientsController } from './patients.controller';
import { PatientPhoneBackfill } from './patient-phone-backfill';
import { PatientsService } from './patients.service';

@Module({
  controllers: [PatientsController],
  providers: [PatientsService, PatientPhoneBackfill],
  exports: [PatientsService],
})
export class PatientsModule {}

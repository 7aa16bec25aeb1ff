import { Module } from '@nestjs/common';
import { BusCaller } from '../common/bus-call';
import { DirectoryModule } from '../directory/directory.module';
import { PatientsModule } from '../patients/patients.module';
import { FhirOrganizationController } from './fhir-directory.controller';
import { FhirImagingStudyController } from './fhir-imaging-study.controller';
import { FhirMetadataController } from './fhir-metadata.controller';
import { FhirPatientController } from './fhir-patient.controller';

/** G2a: FHIR R4 at /fhir for integration engines (this slice: read and search). */
@Module({
  imports: [DirectoryModule, PatientsModule],
  controllers: [
    FhirMetadataController,
    FhirOrganizationController,
    FhirPatientController,
    FhirImagingStudyController,
  ],
  providers: [BusCaller],
})
export class FhirModule {}

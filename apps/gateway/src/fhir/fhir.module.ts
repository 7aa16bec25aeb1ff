import { Module } from '@nestjs/common';
import { BusCaller } from '../common/bus-call';
import { DirectoryModule } from '../directory/directory.module';
import { PatientsModule } from '../patients/patients.module';
import { FhirDiagnosisController } from './diagnosis/fhir-diagnosis.controllers';
import { FhirDirectoryQueries } from './directory/fhir-directory.queries';
import { FhirOrganizationController } from './directory/fhir-organization.controller';
import { FhirPractitionerRoleController } from './directory/fhir-practitioner-role.controller';
import { FhirImagingStudyController } from './fhir-imaging-study.controller';
import { FhirMetadataController } from './fhir-metadata.controller';
import { FhirPatientController } from './fhir-patient.controller';
import {
  FhirServiceRequestController,
  FhirTaskController,
  FhirTransactionController,
} from './referrals/fhir-referral.controllers';
import { FhirReferralsService } from './referrals/fhir-referrals.service';
import {
  FhirAppointmentController,
  FhirScheduleController,
  FhirSlotController,
} from './scheduling/fhir-scheduling.controllers';

/** G2a: FHIR R4 at /fhir for integration engines (capability.ts lists exactly what is here). */
@Module({
  imports: [DirectoryModule, PatientsModule],
  controllers: [
    FhirMetadataController,
    FhirTransactionController,
    FhirOrganizationController,
    FhirPractitionerRoleController,
    FhirPatientController,
    FhirImagingStudyController,
    FhirDiagnosisController,
    FhirServiceRequestController,
    FhirTaskController,
    FhirScheduleController,
    FhirSlotController,
    FhirAppointmentController,
  ],
  providers: [BusCaller, FhirReferralsService, FhirDirectoryQueries],
})
export class FhirModule {}

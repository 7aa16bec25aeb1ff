import { Module } from '@nestjs/common';
import { DirectoryReplicaHost } from '@app/shared/nest/directory-replica-host';
import { CriticalHandlers } from '../critical/critical.handlers';
import { AcknowledgeCriticalFinding } from '../critical/acknowledge-critical-finding';
import { ListCriticalFindings } from '../critical/list-critical-findings';
import { OpenGreenChannelReferral } from '../critical/open-green-channel-referral';
import { RaiseCriticalFinding } from '../critical/raise-critical-finding';
import { DiagnosisIndicatorsHandlers } from '../indicators/diagnosis-indicators.handlers';
import { DiagnosisIndicatorsService } from '../indicators/diagnosis-indicators.service';
import { ClaimNextStudy } from './claims/claim-next-study';
import { ClaimStudy } from './claims/claim-study';
import { ReleaseStudy } from './claims/release-study';
import { RenewLease } from './claims/renew-lease';
import { diagnosisDirectorySettings } from './diagnosis-directory';
import { FindPatientStudies } from './lookups/find-patient-studies';
import { GetStudy } from './lookups/get-study';
import { GetStudyInstance } from './lookups/get-study-instance';
import { ReadingHandlers } from './reading.handlers';
import { ReadingSweep } from './reading-sweep';
import { AmendReport } from './reports/amend-report';
import { ApproveReport } from './reports/approve-report';
import { SaveReportDraft } from './reports/save-report-draft';
import { SendStudyBack } from './reports/send-study-back';
import { SignReport } from './reports/sign-report';
import { RequestReading } from './request-reading';

/** One use case per reading step (D3–D5, D8), plus the sweep that keeps time. */
const READING_USE_CASES = [
  RequestReading,
  GetStudy,
  GetStudyInstance,
  FindPatientStudies,
  ClaimNextStudy,
  ClaimStudy,
  RenewLease,
  ReleaseStudy,
  SaveReportDraft,
  SignReport,
  ApproveReport,
  AmendReport,
  SendStudyBack,
];

/** Critical findings live with reading: readers raise them, the sweep escalates them. */
const CRITICAL_USE_CASES = [
  RaiseCriticalFinding,
  AcknowledgeCriticalFinding,
  ListCriticalFindings,
  OpenGreenChannelReferral,
];

@Module({
  controllers: [ReadingHandlers, CriticalHandlers, DiagnosisIndicatorsHandlers],
  providers: [
    DirectoryReplicaHost,
    diagnosisDirectorySettings,
    ...READING_USE_CASES,
    ...CRITICAL_USE_CASES,
    ReadingSweep,
    DiagnosisIndicatorsService,
  ],
  // The worklist claims a picked study the same way the queue does.
  exports: [ClaimStudy],
})
export class ReadingModule {}

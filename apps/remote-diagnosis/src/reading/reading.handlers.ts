import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AppError, DiagnosisContracts as C, ParsedRequestOf } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { ClaimNextStudy } from './claims/claim-next-study';
import { ReleaseStudy } from './claims/release-study';
import { RenewLease } from './claims/renew-lease';
import { FindPatientStudies } from './lookups/find-patient-studies';
import { GetStudyInstance } from './lookups/get-study-instance';
import { GetStudy } from './lookups/get-study';
import { ReadingSweep } from './reading-sweep';
import { AmendReport } from './reports/amend-report';
import { ApproveReport } from './reports/approve-report';
import { SaveReportDraft } from './reports/save-report-draft';
import { SendStudyBack } from './reports/send-study-back';
import { SignReport } from './reports/sign-report';
import { RequestReading } from './request-reading';

type P<K extends keyof typeof C> = ParsedRequestOf<(typeof C)[K]>;

/** The reading workflow's bus patterns: each hands its payload to one use case. */
@Controller()
export class ReadingHandlers {
  constructor(
    private readonly requestReading: RequestReading,
    private readonly getStudy: GetStudy,
    private readonly getStudyInstance: GetStudyInstance,
    private readonly findPatientStudies: FindPatientStudies,
    private readonly claimNextStudy: ClaimNextStudy,
    private readonly renewLease: RenewLease,
    private readonly releaseStudy: ReleaseStudy,
    private readonly saveReportDraft: SaveReportDraft,
    private readonly signReport: SignReport,
    private readonly approveReport: ApproveReport,
    private readonly amendReport: AmendReport,
    private readonly sendStudyBack: SendStudyBack,
    private readonly sweep: ReadingSweep,
  ) {}

  @BusPattern(C.requestReading)
  request(@Payload() q: P<'requestReading'>, @Ctx() ctx: BusContext) {
    return this.requestReading.execute(ctx.actor, q);
  }

  @BusPattern(C.get)
  get(@Payload() q: P<'get'>, @Ctx() ctx: BusContext) {
    return this.getStudy.execute(ctx.actor, q.id);
  }

  @BusPattern(C.getInstance)
  getInstance(@Payload() q: P<'getInstance'>, @Ctx() ctx: BusContext) {
    return this.getStudyInstance.execute(ctx.actor, q.studyId, q.instanceId);
  }

  @BusPattern(C.byPatient)
  byPatient(@Payload() q: P<'byPatient'>, @Ctx() ctx: BusContext) {
    return this.findPatientStudies.execute(ctx.actor, q.patientId);
  }

  @BusPattern(C.claimNext)
  claimNext(@Payload() q: P<'claimNext'>, @Ctx() ctx: BusContext) {
    return this.claimNextStudy.execute(ctx.actor, q);
  }

  @BusPattern(C.heartbeat)
  heartbeat(@Payload() q: P<'heartbeat'>, @Ctx() ctx: BusContext) {
    return this.renewLease.execute(ctx.actor, q.studyId);
  }

  @BusPattern(C.release)
  release(@Payload() q: P<'release'>, @Ctx() ctx: BusContext) {
    return this.releaseStudy.execute(ctx.actor, q.studyId, q.reason ?? 'released by the reader');
  }

  @BusPattern(C.saveDraft)
  draft(@Payload() q: P<'saveDraft'>, @Ctx() ctx: BusContext) {
    return this.saveReportDraft.execute(ctx.actor, q.studyId, q);
  }

  @BusPattern(C.sign)
  sign(@Payload() q: P<'sign'>, @Ctx() ctx: BusContext) {
    return this.signReport.execute(ctx.actor, q.studyId);
  }

  @BusPattern(C.approve)
  approve(@Payload() q: P<'approve'>, @Ctx() ctx: BusContext) {
    return this.approveReport.execute(ctx.actor, q.studyId);
  }

  @BusPattern(C.amend)
  amend(@Payload() q: P<'amend'>, @Ctx() ctx: BusContext) {
    return this.amendReport.execute(ctx.actor, q.studyId, q);
  }

  @BusPattern(C.sendBack)
  sendBack(@Payload() q: P<'sendBack'>, @Ctx() ctx: BusContext) {
    return this.sendStudyBack.execute(ctx.actor, q.studyId, q.reason);
  }

  @BusPattern(C.sweep)
  async runSweep(@Payload() _: P<'sweep'>, @Ctx() ctx: BusContext) {
    if (!ctx.actor.roles.includes('community_admin'))
      throw AppError.forbidden('Requires the community admin role');
    return { actions: await this.sweep.run() };
  }
}

import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AppError, DiagnosisContracts as C, ParsedRequestOf } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { ReadingService } from './reading.service';
import { ReadingSweep } from './reading-sweep';

type P<K extends keyof typeof C> = ParsedRequestOf<(typeof C)[K]>;

@Controller()
export class ReadingHandlers {
  constructor(
    private readonly reading: ReadingService,
    private readonly sweep: ReadingSweep,
  ) {}

  @BusPattern(C.requestReading)
  request(@Payload() q: P<'requestReading'>, @Ctx() ctx: BusContext) {
    return this.reading.request(ctx.actor, q);
  }

  @BusPattern(C.get)
  get(@Payload() q: P<'get'>, @Ctx() ctx: BusContext) {
    return this.reading.get(ctx.actor, q.id);
  }

  @BusPattern(C.getInstance)
  getInstance(@Payload() q: P<'getInstance'>, @Ctx() ctx: BusContext) {
    return this.reading.getInstance(ctx.actor, q.studyId, q.instanceId);
  }

  @BusPattern(C.byPatient)
  byPatient(@Payload() q: P<'byPatient'>, @Ctx() ctx: BusContext) {
    return this.reading.byPatient(ctx.actor, q.patientId);
  }

  @BusPattern(C.claimNext)
  claimNext(@Payload() q: P<'claimNext'>, @Ctx() ctx: BusContext) {
    return this.reading.claimNext(ctx.actor, q);
  }

  @BusPattern(C.heartbeat)
  heartbeat(@Payload() q: P<'heartbeat'>, @Ctx() ctx: BusContext) {
    return this.reading.heartbeat(ctx.actor, q.studyId);
  }

  @BusPattern(C.release)
  release(@Payload() q: P<'release'>, @Ctx() ctx: BusContext) {
    return this.reading.release(ctx.actor, q.studyId, q.reason ?? 'released by the reader');
  }

  @BusPattern(C.saveDraft)
  draft(@Payload() q: P<'saveDraft'>, @Ctx() ctx: BusContext) {
    return this.reading.saveDraft(ctx.actor, q.studyId, q.findings, q.impression);
  }

  @BusPattern(C.sign)
  sign(@Payload() q: P<'sign'>, @Ctx() ctx: BusContext) {
    return this.reading.sign(ctx.actor, q.studyId);
  }

  @BusPattern(C.approve)
  approve(@Payload() q: P<'approve'>, @Ctx() ctx: BusContext) {
    return this.reading.approve(ctx.actor, q.studyId);
  }

  @BusPattern(C.amend)
  amend(@Payload() q: P<'amend'>, @Ctx() ctx: BusContext) {
    return this.reading.amend(ctx.actor, q.studyId, q.findings, q.impression, q.reason);
  }

  @BusPattern(C.sendBack)
  sendBack(@Payload() q: P<'sendBack'>, @Ctx() ctx: BusContext) {
    return this.reading.sendBack(ctx.actor, q.studyId, q.reason);
  }

  @BusPattern(C.sweep)
  async runSweep(@Payload() _: P<'sweep'>, @Ctx() ctx: BusContext) {
    if (!ctx.actor.roles.includes('community_admin'))
      throw AppError.forbidden('Requires the community admin role');
    return { actions: await this.sweep.run() };
  }
}

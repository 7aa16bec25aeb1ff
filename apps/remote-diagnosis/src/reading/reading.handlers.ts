import { Injectable } from '@nestjs/common';
import { AppError, DiagnosisContracts as C, HandlerContext, ParsedRequestOf } from '@app/shared';
import { OnBus } from '@app/shared/nest';
import { ReadingService } from './reading.service';
import { ReadingSweep } from './reading-sweep';

type P<K extends keyof typeof C> = ParsedRequestOf<(typeof C)[K]>;

@Injectable()
export class ReadingHandlers {
  constructor(
    private readonly reading: ReadingService,
    private readonly sweep: ReadingSweep,
  ) {}

  @OnBus(C.requestReading)
  request(q: P<'requestReading'>, ctx: HandlerContext) {
    return this.reading.request(ctx.actor, q);
  }

  @OnBus(C.get)
  get(q: P<'get'>, ctx: HandlerContext) {
    return this.reading.get(ctx.actor, q.id);
  }

  @OnBus(C.getInstance)
  getInstance(q: P<'getInstance'>, ctx: HandlerContext) {
    return this.reading.getInstance(ctx.actor, q.studyId, q.instanceId);
  }

  @OnBus(C.byPatient)
  byPatient(q: P<'byPatient'>, ctx: HandlerContext) {
    return this.reading.byPatient(ctx.actor, q.patientId);
  }

  @OnBus(C.claimNext)
  claimNext(q: P<'claimNext'>, ctx: HandlerContext) {
    return this.reading.claimNext(ctx.actor, q);
  }

  @OnBus(C.heartbeat)
  heartbeat(q: P<'heartbeat'>, ctx: HandlerContext) {
    return this.reading.heartbeat(ctx.actor, q.studyId);
  }

  @OnBus(C.release)
  release(q: P<'release'>, ctx: HandlerContext) {
    return this.reading.release(ctx.actor, q.studyId, q.reason ?? 'released by the reader');
  }

  @OnBus(C.saveDraft)
  draft(q: P<'saveDraft'>, ctx: HandlerContext) {
    return this.reading.saveDraft(ctx.actor, q.studyId, q.findings, q.impression);
  }

  @OnBus(C.sign)
  sign(q: P<'sign'>, ctx: HandlerContext) {
    return this.reading.sign(ctx.actor, q.studyId);
  }

  @OnBus(C.approve)
  approve(q: P<'approve'>, ctx: HandlerContext) {
    return this.reading.approve(ctx.actor, q.studyId);
  }

  @OnBus(C.amend)
  amend(q: P<'amend'>, ctx: HandlerContext) {
    return this.reading.amend(ctx.actor, q.studyId, q.findings, q.impression, q.reason);
  }

  @OnBus(C.sendBack)
  sendBack(q: P<'sendBack'>, ctx: HandlerContext) {
    return this.reading.sendBack(ctx.actor, q.studyId, q.reason);
  }

  @OnBus(C.sweep)
  async runSweep(_: P<'sweep'>, ctx: HandlerContext) {
    if (!ctx.actor.roles.includes('community_admin'))
      throw AppError.forbidden('Requires the community admin role');
    return { actions: await this.sweep.run() };
  }
}

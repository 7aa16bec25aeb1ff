import { Injectable } from '@nestjs/common';
import { DiagnosisContracts as C, HandlerContext, ParsedRequestOf } from '@app/shared';
import { OnBus } from '@app/shared/nest';
import { CriticalService } from './critical.service';

type P<K extends keyof typeof C> = ParsedRequestOf<(typeof C)[K]>;

@Injectable()
export class CriticalHandlers {
  constructor(private readonly critical: CriticalService) {}

  @OnBus(C.raiseCritical)
  raise(q: P<'raiseCritical'>, ctx: HandlerContext) {
    return this.critical.raise(ctx.actor, q.studyId, q.description);
  }

  @OnBus(C.acknowledgeCritical)
  acknowledge(q: P<'acknowledgeCritical'>, ctx: HandlerContext) {
    return this.critical.acknowledge(ctx.actor, q.findingId, q.note);
  }

  @OnBus(C.listCritical)
  list(q: P<'listCritical'>, ctx: HandlerContext) {
    return this.critical.list(ctx.actor, q.open);
  }

  @OnBus(C.greenChannelReferral)
  greenChannel(q: P<'greenChannelReferral'>, ctx: HandlerContext) {
    return this.critical.greenChannelReferral(ctx.actor, q);
  }
}

import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DiagnosisContracts as C, ParsedRequestOf } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { CriticalService } from './critical.service';

type P<K extends keyof typeof C> = ParsedRequestOf<(typeof C)[K]>;

@Controller()
export class CriticalHandlers {
  constructor(private readonly critical: CriticalService) {}

  @BusPattern(C.raiseCritical)
  raise(@Payload() q: P<'raiseCritical'>, @Ctx() ctx: BusContext) {
    return this.critical.raise(ctx.actor, q.studyId, q.description);
  }

  @BusPattern(C.acknowledgeCritical)
  acknowledge(@Payload() q: P<'acknowledgeCritical'>, @Ctx() ctx: BusContext) {
    return this.critical.acknowledge(ctx.actor, q.findingId, q.note);
  }

  @BusPattern(C.listCritical)
  list(@Payload() q: P<'listCritical'>, @Ctx() ctx: BusContext) {
    return this.critical.list(ctx.actor, q.open);
  }

  @BusPattern(C.greenChannelReferral)
  greenChannel(@Payload() q: P<'greenChannelReferral'>, @Ctx() ctx: BusContext) {
    return this.critical.greenChannelReferral(ctx.actor, q);
  }
}

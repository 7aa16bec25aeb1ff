import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DiagnosisContracts as C, ParsedRequestOf } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { AcknowledgeCriticalFinding } from './acknowledge-critical-finding';
import { ListCriticalFindings } from './list-critical-findings';
import { OpenGreenChannelReferral } from './open-green-channel-referral';
import { RaiseCriticalFinding } from './raise-critical-finding';

type P<K extends keyof typeof C> = ParsedRequestOf<(typeof C)[K]>;

/** Critical findings (危急值, D6/D7): each bus pattern hands its payload to one use case. */
@Controller()
export class CriticalHandlers {
  constructor(
    private readonly raiseFinding: RaiseCriticalFinding,
    private readonly acknowledgeFinding: AcknowledgeCriticalFinding,
    private readonly listFindings: ListCriticalFindings,
    private readonly openGreenChannelReferral: OpenGreenChannelReferral,
  ) {}

  @BusPattern(C.raiseCritical)
  raise(@Payload() q: P<'raiseCritical'>, @Ctx() ctx: BusContext) {
    return this.raiseFinding.execute(ctx.actor, q.studyId, q.description);
  }

  @BusPattern(C.acknowledgeCritical)
  acknowledge(@Payload() q: P<'acknowledgeCritical'>, @Ctx() ctx: BusContext) {
    return this.acknowledgeFinding.execute(ctx.actor, q.findingId, q.note);
  }

  @BusPattern(C.listCritical)
  list(@Payload() q: P<'listCritical'>, @Ctx() ctx: BusContext) {
    return this.listFindings.execute(ctx.actor, q.open);
  }

  @BusPattern(C.greenChannelReferral)
  greenChannel(@Payload() q: P<'greenChannelReferral'>, @Ctx() ctx: BusContext) {
    return this.openGreenChannelReferral.execute(ctx.actor, q);
  }
}

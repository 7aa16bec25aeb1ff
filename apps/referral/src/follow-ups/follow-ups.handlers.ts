import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ParsedRequestOf, ReferralContracts as C } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { FollowUpsService } from './follow-ups.service';

@Controller()
export class FollowUpsHandlers {
  constructor(private readonly followUps: FollowUpsService) {}

  @BusPattern(C.followUps)
  list(@Payload() q: ParsedRequestOf<typeof C.followUps>, @Ctx() ctx: BusContext) {
    return this.followUps.list(ctx.actor, q);
  }

  @BusPattern(C.recordFollowUp)
  record(@Payload() q: ParsedRequestOf<typeof C.recordFollowUp>, @Ctx() ctx: BusContext) {
    return this.followUps.record(ctx.actor, q);
  }
}

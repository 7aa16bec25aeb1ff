import { Injectable } from '@nestjs/common';
import { HandlerContext, ParsedRequestOf, ReferralContracts as C } from '@app/shared';
import { OnBus } from '@app/shared/nest';
import { FollowUpsService } from './follow-ups.service';

@Injectable()
export class FollowUpsHandlers {
  constructor(private readonly followUps: FollowUpsService) {}

  @OnBus(C.followUps)
  list(q: ParsedRequestOf<typeof C.followUps>, ctx: HandlerContext) {
    return this.followUps.list(ctx.actor, q);
  }

  @OnBus(C.recordFollowUp)
  record(q: ParsedRequestOf<typeof C.recordFollowUp>, ctx: HandlerContext) {
    return this.followUps.record(ctx.actor, q);
  }
}

import { Injectable } from '@nestjs/common';
import { HandlerContext, ParsedRequestOf, ReferralContracts } from '@app/shared';
import { OnBus } from '@app/shared/nest';
import { ReferralsService } from './referrals.service';

/** Bus adapter: decoding and validation happened already; hand the actor and payload on. */
@Injectable()
export class ReferralsHandlers {
  constructor(private readonly referrals: ReferralsService) {}

  @OnBus(ReferralContracts.list)
  list(q: ParsedRequestOf<typeof ReferralContracts.list>, ctx: HandlerContext) {
    return this.referrals.list(ctx.actor, q);
  }
}

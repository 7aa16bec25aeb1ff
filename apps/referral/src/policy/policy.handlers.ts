import { Injectable } from '@nestjs/common';
import { HandlerContext, ParsedRequestOf, ReferralContracts } from '@app/shared';
import { OnBus } from '@app/shared/nest';
import { PolicyService } from './policy.service';

@Injectable()
export class PolicyHandlers {
  constructor(private readonly policy: PolicyService) {}

  @OnBus(ReferralContracts.policyGet)
  get(_: ParsedRequestOf<typeof ReferralContracts.policyGet>, ctx: HandlerContext) {
    return this.policy.forCommunity(ctx.actor.communityId);
  }

  @OnBus(ReferralContracts.policyUpdate)
  update(q: ParsedRequestOf<typeof ReferralContracts.policyUpdate>, ctx: HandlerContext) {
    return this.policy.update(ctx.actor, q);
  }
}

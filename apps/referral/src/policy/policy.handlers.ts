import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ParsedRequestOf, ReferralContracts } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { PolicyService } from './policy.service';

@Controller()
export class PolicyHandlers {
  constructor(private readonly policy: PolicyService) {}

  @BusPattern(ReferralContracts.policyGet)
  get(@Payload() _: ParsedRequestOf<typeof ReferralContracts.policyGet>, @Ctx() ctx: BusContext) {
    return this.policy.forCommunity(ctx.actor.communityId);
  }

  @BusPattern(ReferralContracts.policyUpdate)
  update(
    @Payload() q: ParsedRequestOf<typeof ReferralContracts.policyUpdate>,
    @Ctx() ctx: BusContext,
  ) {
    return this.policy.update(ctx.actor, q);
  }
}

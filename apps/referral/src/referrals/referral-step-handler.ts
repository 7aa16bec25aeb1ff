import { Controller, Inject, Type } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ReferralContracts } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { ReferralStep, StepAction, StepRequest } from './referral-transition';

/**
 * A bus controller that answers one step's contract with that step's use case. A class per
 * step keeps one @BusPattern per contract; the contract is the one named like the action.
 */
export function stepHandler<K extends StepAction>(
  action: K,
  step: Type<ReferralStep<K>>,
): Type<unknown> {
  @Controller()
  class StepHandler {
    constructor(@Inject(step) private readonly useCase: ReferralStep<K>) {}

    @BusPattern(ReferralContracts[action])
    handle(@Payload() request: StepRequest<K>, @Ctx() ctx: BusContext) {
      return this.useCase.execute(ctx.actor, request);
    }
  }
  // Nest reports a controller by its class name: AcceptReferralHandler, not seven StepHandlers.
  Object.defineProperty(StepHandler, 'name', { value: `${step.name}Handler` });
  return StepHandler;
}

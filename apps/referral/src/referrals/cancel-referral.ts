import { Injectable } from '@nestjs/common';
import { Actor, ReferralDetail } from '@app/shared';
import { ReferralStep, ReferralTransition, StepRequest } from './referral-transition';

/**
 * R6: the sender withdraws a referral before the patient arrives; its hold or booking is
 * released (R5) and a scheduled follow-up cancelled.
 */
@Injectable()
export class CancelReferral implements ReferralStep<'cancel'> {
  constructor(private readonly transition: ReferralTransition) {}

  execute(actor: Actor, request: StepRequest<'cancel'>): Promise<ReferralDetail> {
    return this.transition.run(actor, request.id, 'cancel', request);
  }
}

import { Injectable } from '@nestjs/common';
import { Actor, ReferralDetail } from '@app/shared';
import { ReferralStep, ReferralTransition, StepRequest } from './referral-transition';

/** R6: the receiver declines a submitted referral; a held slot or bed is released (R5). */
@Injectable()
export class RejectReferral implements ReferralStep<'reject'> {
  constructor(private readonly transition: ReferralTransition) {}

  execute(actor: Actor, request: StepRequest<'reject'>): Promise<ReferralDetail> {
    return this.transition.run(actor, request.id, 'reject', request);
  }
}

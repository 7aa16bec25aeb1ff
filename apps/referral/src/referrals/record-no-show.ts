import { Injectable } from '@nestjs/common';
import { Actor, ReferralDetail } from '@app/shared';
import { ReferralStep, ReferralTransition, StepRequest } from './referral-transition';

/**
 * R6: the receiver records that the accepted patient never came; the booking is released (R5)
 * and a scheduled follow-up cancelled.
 */
@Injectable()
export class RecordNoShow implements ReferralStep<'noShow'> {
  constructor(private readonly transition: ReferralTransition) {}

  execute(actor: Actor, request: StepRequest<'noShow'>): Promise<ReferralDetail> {
    return this.transition.run(actor, request.id, 'noShow', request);
  }
}

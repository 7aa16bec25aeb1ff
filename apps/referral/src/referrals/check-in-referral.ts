import { Injectable } from '@nestjs/common';
import { Actor, ReferralDetail } from '@app/shared';
import { ReferralStep, ReferralTransition, StepRequest } from './referral-transition';

/**
 * R6: the receiver records the patient's arrival; a bed becomes occupied, and a place still
 * only held (an emergency's) is booked on the spot (R5).
 */
@Injectable()
export class CheckInReferral implements ReferralStep<'checkIn'> {
  constructor(private readonly transition: ReferralTransition) {}

  execute(actor: Actor, request: StepRequest<'checkIn'>): Promise<ReferralDetail> {
    return this.transition.run(actor, request.id, 'checkIn', request);
  }
}

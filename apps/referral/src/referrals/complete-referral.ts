import { Injectable } from '@nestjs/common';
import { Actor, ReferralDetail } from '@app/shared';
import { ReferralStep, ReferralTransition, StepRequest } from './referral-transition';

/**
 * R6: the receiver completes the visit with a summary for the sender; a slot is consumed, a bed
 * freed, and an up-referred patient's follow-up scheduled (R8). No reason is recorded.
 */
@Injectable()
export class CompleteReferral implements ReferralStep<'complete'> {
  constructor(private readonly transition: ReferralTransition) {}

  execute(actor: Actor, request: StepRequest<'complete'>): Promise<ReferralDetail> {
    return this.transition.run(actor, request.id, 'complete', { summary: request.summary });
  }
}

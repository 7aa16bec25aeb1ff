import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, AppError, ReferralDetail } from '@app/shared';
import { PolicyService } from '../policy/policy.service';
import { ReferralRow } from './referral.queries';
import { needsSecuredPlace } from './referral-rules';
import { ReferralStep, ReferralTransition, StepRequest } from './referral-transition';
import { Reservations } from './reservations';

/** R6: the receiver accepts a submitted referral; a held slot or bed is booked (R5). */
@Injectable()
export class AcceptReferral implements ReferralStep<'accept'> {
  constructor(
    private readonly transition: ReferralTransition,
    private readonly reservations: Reservations,
    private readonly policy: PolicyService,
  ) {}

  execute(actor: Actor, request: StepRequest<'accept'>): Promise<ReferralDetail> {
    return this.transition.run(actor, request.id, 'accept', request, (m, row) =>
      this.assertPlaceSecured(m, row, request.reason),
    );
  }

  /**
   * Seed 001 (落实好病人就诊号源及住院床位): a non-emergency up-referral is accepted on a held slot
   * or bed; without one only where the community's policy allows it, and then with a reason,
   * which the transition records.
   */
  private async assertPlaceSecured(m: EntityManager, row: ReferralRow, reason?: string | null) {
    if (!needsSecuredPlace(row)) return;
    const held = (await this.reservations.active(m, row.id)) ?? null;
    if (held?.status === 'HELD') return { reservation: held };
    const policy = await this.policy.forCommunity(row.community_id, m);
    if (!policy.acceptWithoutPlace)
      throw AppError.conflict(
        'No slot or bed is held for this referral: the sender holds one first (seed 001: 落实好号源及床位), or the community policy must allow acceptance without one',
      );
    if (!reason?.trim())
      throw AppError.validation(
        'reason: say why the referral is accepted without a held slot or bed',
        [{ path: 'reason', message: 'required when nothing is held' }],
      );
    return { reservation: held };
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, ParsedRequestOf, ReferralContracts, ReferralDetail } from '@app/shared';
import { inTransaction } from '../common/transaction';
import { PolicyService } from '../policy/policy.service';
import { assertCareActor, lockForAction } from './referral-access';
import { loadDetail } from './referral.queries';
import { ReservationHolds } from './reservation-holds';
import { holdMinutesFor } from './referral-rules';

type HoldRequest = ParsedRequestOf<typeof ReferralContracts.hold>;

/** R5: the sender holds a slot or bed of the receiver for a submitted referral. */
@Injectable()
export class HoldReferral {
  constructor(
    private readonly ds: DataSource,
    private readonly policy: PolicyService,
    private readonly holds: ReservationHolds,
  ) {}

  async execute(actor: Actor, { id, hold }: HoldRequest): Promise<ReferralDetail> {
    assertCareActor(actor, true);
    return inTransaction(this.ds, async (m) => {
      const row = await lockForAction(m, actor, id, 'hold');
      const policy = await this.policy.forCommunity(row.community_id, m);
      const owner = {
        referralId: id,
        communityId: row.community_id,
        toInstitutionId: row.to_institution_id,
      };
      if (hold.kind === 'SLOT')
        await this.holds.holdSlot(m, owner, hold.slotId, holdMinutesFor(policy, row));
      else await this.holds.holdBed(m, owner, hold.bedId, holdMinutesFor(policy, row));
      return loadDetail(m, row);
    });
  }
}

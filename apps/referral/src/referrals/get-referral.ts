import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, hasRole, ReferralDetail } from '@app/shared';
import { assertCareActor, partyOf } from './referral-access';
import { loadDetail, ReferralRow } from './referral.queries';

/** One referral, for its two institutions and the community admin; to anyone else it is 404. */
@Injectable()
export class GetReferral {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, { id }: { id: string }): Promise<ReferralDetail> {
    assertCareActor(actor, false);
    const [row]: ReferralRow[] = await this.ds.query(
      `SELECT * FROM referral.referrals WHERE id = $1 AND community_id = $2`,
      [id, actor.communityId],
    );
    if (!row || (partyOf(actor, row) === 'none' && !hasRole(actor, 'community_admin')))
      throw AppError.notFound('Referral');
    return loadDetail(this.ds.manager, row);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AppError, ReferralPolicy } from '@app/shared';
import { TtlCache } from '../common/ttl-cache';

const COLUMNS = `min_referral_slot_share::float AS "minReferralSlotShare", min_referral_bed_share::float AS "minReferralBedShare",
  release_lead_minutes::float AS "releaseLeadMinutes", hold_minutes::float AS "holdMinutes",
  emergency_hold_minutes::float AS "emergencyHoldMinutes", response_escalation_minutes::float AS "responseEscalationMinutes",
  response_expiry_minutes::float AS "responseExpiryMinutes", follow_up_days::float AS "followUpDays",
  follow_up_grace_days::float AS "followUpGraceDays", quota_institution_types AS "quotaInstitutionTypes",
  hold_until_response_due AS "holdUntilResponseDue", accept_without_place AS "acceptWithoutPlace"`;

const COLUMN_OF: Record<keyof ReferralPolicy, string> = {
  minReferralSlotShare: 'min_referral_slot_share',
  minReferralBedShare: 'min_referral_bed_share',
  releaseLeadMinutes: 'release_lead_minutes',
  holdMinutes: 'hold_minutes',
  emergencyHoldMinutes: 'emergency_hold_minutes',
  responseEscalationMinutes: 'response_escalation_minutes',
  responseExpiryMinutes: 'response_expiry_minutes',
  followUpDays: 'follow_up_days',
  followUpGraceDays: 'follow_up_grace_days',
  quotaInstitutionTypes: 'quota_institution_types',
  holdUntilResponseDue: 'hold_until_response_due',
  acceptWithoutPlace: 'accept_without_place',
};

/**
 * Community policy (R4). Defaults follow seed 004 (巴南区实施方案, 四（八）4: at least 1/3 of
 * outpatient slots and 1/4 of beds of the 牵头单位 go to primary care; exactly 1/3, stored as a
 * numeric without a scale); seed 002's 20% is one admin edit away.
 */
@Injectable()
export class PolicyService {
  private readonly cache = new TtlCache<ReferralPolicy>(3000);

  constructor(private readonly ds: DataSource) {}

  /** Read on every referral action, changed rarely: cached for a few seconds per process. */
  forCommunity(communityId: string, m: EntityManager = this.ds.manager): Promise<ReferralPolicy> {
    return this.cache.get(communityId, async () => {
      const select = `SELECT ${COLUMNS} FROM referral.policies WHERE community_id = $1`;
      const [row] = await m.query(select, [communityId]);
      if (row) return row;
      await m.query(
        `INSERT INTO referral.policies (community_id) VALUES ($1) ON CONFLICT DO NOTHING`,
        [communityId],
      );
      const [created] = await m.query(select, [communityId]);
      return created;
    });
  }

  async update(actor: Actor, changes: Partial<ReferralPolicy>): Promise<ReferralPolicy> {
    if (!actor.roles.includes('community_admin'))
      throw AppError.forbidden('Only a community admin changes the referral policy');
    const keys = Object.keys(changes) as (keyof ReferralPolicy)[];
    await this.forCommunity(actor.communityId);
    this.cache.invalidate(actor.communityId);
    if (keys.length > 0) {
      const sets = keys.map((k, i) => `${COLUMN_OF[k]} = $${i + 2}`);
      await this.ds.query(
        `UPDATE referral.policies SET ${sets.join(', ')}, updated_at = now(), updated_by = $${keys.length + 2} WHERE community_id = $1`,
        [actor.communityId, ...keys.map((k) => changes[k]), actor.id],
      );
    }
    this.cache.invalidate(actor.communityId);
    return this.forCommunity(actor.communityId);
  }
}

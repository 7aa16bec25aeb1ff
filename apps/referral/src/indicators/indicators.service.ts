import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, hasRole, ParsedRequestOf, ReferralContracts } from '@app/shared';
import { DirectoryRepository } from '../directory/directory.repository';
import { PolicyService } from '../policy/policy.service';
import {
  COUNTED_STATUSES,
  familyDoctorInpatientReferrals,
  referralCounts,
} from './referral-counts';
import { localDayOf, reservedShareRows, summarizeShare } from './reserved-share';

type Query = ParsedRequestOf<typeof ReferralContracts.indicators>;

const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

/**
 * I1 for referrals (docs/indicators.md): up/down counts and ratio (seed 001 五(三)), acceptance
 * time percentiles, no-show rate, green channel and out-of-catalog counts, reserved-share
 * compliance for slots (1/3) and beds (1/4) (seed 004 四(八)4), and the family-doctor inpatient
 * referrals of seed 002 四(三).
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly ds: DataSource,
    private readonly directory: DirectoryRepository,
    private readonly policy: PolicyService,
  ) {}

  async compute(actor: Actor, q: Query) {
    const admin = hasRole(actor, 'community_admin') && actor.kind === 'user';
    const institutionId = q.institutionId ?? (admin ? null : actor.institutionId);
    if (institutionId)
      await this.directory.institutionInCommunity(actor, institutionId, 'institutionId');
    if (!admin && institutionId !== actor.institutionId)
      throw AppError.forbidden("Only a community admin sees another institution's indicators");
    const args = [actor.communityId, q.from, q.to, institutionId];
    const r = await referralCounts(this.ds, args);
    const policy = await this.policy.forCommunity(actor.communityId);
    const required = { slots: policy.minReferralSlotShare, beds: policy.minReferralBedShare };
    // The days of the period in local time; capacity is the receiving side's, so the filter
    // means "at this institution" here.
    const share = await reservedShareRows(
      this.ds.manager,
      {
        communityId: actor.communityId,
        institutionId,
        fromDate: localDayOf(q.from),
        toDate: localDayOf(q.to, true),
      },
      required,
    );
    return {
      period: { from: q.from, to: q.to },
      institutionId,
      upCount: r.up,
      downCount: r.down,
      upDownRatio: r.down > 0 ? round(r.up / r.down) : null,
      countedStatuses: COUNTED_STATUSES,
      notCounted: r.notCounted,
      acceptanceMinutes: { p50: round(r.p50), p90: round(r.p90), p99: round(r.p99) },
      noShowRate: r.due > 0 ? round(r.noShow / r.due) : null,
      greenChannelCount: r.green,
      outOfCatalogCount: r.outOfCatalog,
      reservedShareCompliance: {
        slots: summarizeShare(share, 'SLOTS', required.slots),
        beds: summarizeShare(share, 'BEDS', required.beds),
      },
      familyDoctorInpatientReferrals: await familyDoctorInpatientReferrals(this.ds, args),
    };
  }
}

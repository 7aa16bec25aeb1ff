import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, hasRole, ParsedRequestOf, ReferralContracts } from '@app/shared';
import { DirectoryRepository } from '../directory/directory.repository';
import { PolicyService } from '../policy/policy.service';

type Query = ParsedRequestOf<typeof ReferralContracts.indicators>;

/**
 * I1 for referrals: up/down counts and ratio, acceptance time percentiles, no-show rate,
 * green channel and out-of-catalog counts, and reserved-share compliance (seed 004, 1/3 and 1/4).
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly ds: DataSource,
    private readonly directory: DirectoryRepository,
    private readonly policy: PolicyService,
  ) {}

  async compute(actor: Actor, q: Query) {
    if (Date.parse(q.to) <= Date.parse(q.from))
      throw AppError.validation('to must be after from', [
        { path: 'to', message: 'not after from' },
      ]);
    const admin = hasRole(actor, 'community_admin') && actor.kind === 'user';
    const institutionId = q.institutionId ?? (admin ? null : actor.institutionId);
    if (institutionId)
      await this.directory.institutionInCommunity(actor, institutionId, 'institutionId');
    if (!admin && institutionId !== actor.institutionId)
      throw AppError.forbidden("Only a community admin sees another institution's indicators");
    const scope = `community_id = $1 AND submitted_at >= $2 AND submitted_at < $3
      AND ($4::uuid IS NULL OR from_institution_id = $4 OR to_institution_id = $4)`;
    const args = [actor.communityId, q.from, q.to, institutionId];
    const [r] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE direction = 'UP')::int AS up,
              count(*) FILTER (WHERE direction = 'DOWN')::int AS down,
              count(*) FILTER (WHERE green_channel IS NOT NULL)::int AS green,
              count(*) FILTER (WHERE out_of_catalog)::int AS "outOfCatalog",
              count(*) FILTER (WHERE status = 'NO_SHOW')::int AS "noShow",
              count(*) FILTER (WHERE status IN ('ARRIVED', 'COMPLETED', 'NO_SHOW'))::int AS due,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - submitted_at) / 60)
                FILTER (WHERE accepted_at IS NOT NULL AND green_channel IS NULL) AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - submitted_at) / 60)
                FILTER (WHERE accepted_at IS NOT NULL AND green_channel IS NULL) AS p90,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - submitted_at) / 60)
                FILTER (WHERE accepted_at IS NOT NULL AND green_channel IS NULL) AS p99
         FROM referral.referrals WHERE ${scope}`,
      args,
    );
    const policy = await this.policy.forCommunity(actor.communityId);
    const [c] = await this.ds.query(
      `WITH days AS (
         SELECT department_id, local_date,
                sum(capacity) FILTER (WHERE pool = 'REFERRAL' OR released_to_general_at IS NOT NULL) AS referral, sum(capacity) AS total
           FROM referral.slots
          WHERE community_id = $1 AND starts_at >= $2 AND starts_at < $3 AND ($4::uuid IS NULL OR institution_id = $4)
          GROUP BY department_id, local_date HAVING sum(capacity) > 0)
       SELECT count(*) FILTER (WHERE coalesce(referral, 0) / total + 1e-9 >= $5)::int AS compliant, count(*)::int AS total FROM days`,
      [actor.communityId, q.from, q.to, institutionId, policy.minReferralSlotShare],
    );
    const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
    return {
      period: { from: q.from, to: q.to },
      institutionId,
      upCount: r.up,
      downCount: r.down,
      upDownRatio: r.down > 0 ? round(r.up / r.down) : null,
      acceptanceMinutes: { p50: round(r.p50), p90: round(r.p90), p99: round(r.p99) },
      noShowRate: r.due > 0 ? round(r.noShow / r.due) : null,
      greenChannelCount: r.green,
      outOfCatalogCount: r.outOfCatalog,
      reservedShareCompliance: {
        compliantDays: c.compliant,
        totalDays: c.total,
        rate: c.total > 0 ? round(c.compliant / c.total) : null,
      },
    };
  }
}

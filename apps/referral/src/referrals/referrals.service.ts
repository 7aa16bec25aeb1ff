import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, hasRole, ParsedRequestOf, ReferralContracts, ResponseOf } from '@app/shared';

type ListQuery = ParsedRequestOf<typeof ReferralContracts.list>;

@Injectable()
export class ReferralsService {
  constructor(private readonly ds: DataSource) {}

  /** Institutions see what they sent or received; a community admin sees the community's. */
  async list(actor: Actor, q: ListQuery): Promise<ResponseOf<typeof ReferralContracts.list>> {
    const scope = hasRole(actor, 'community_admin')
      ? { sql: 'community_id = $1', args: [actor.communityId] }
      : {
          sql: '(from_institution_id = $1 OR to_institution_id = $1)',
          args: [actor.institutionId],
        };
    const args = [...scope.args, q.status ?? null];
    const where = `${scope.sql} AND ($2::text IS NULL OR status = $2)`;
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM referral.referrals WHERE ${where}`,
      args,
    );
    const rows = await this.ds.query(
      `SELECT id, direction, status, from_institution_id AS "fromInstitutionId", to_institution_id AS "toInstitutionId",
              patient_id AS "patientId", urgency, created_at AS "createdAt"
         FROM referral.referrals WHERE ${where} ORDER BY created_at DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    const items = rows.map((r: { createdAt: Date }) => ({
      ...r,
      createdAt: new Date(r.createdAt).toISOString(),
    }));
    return { items, total, limit: q.limit, offset: q.offset };
  }
}

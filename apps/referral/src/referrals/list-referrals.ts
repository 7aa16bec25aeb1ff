import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, ReferralContracts, ResponseOf } from '@app/shared';
import { assertCareActor } from './referral-access';
import {
  INBOX_ORDER,
  listFilter,
  ListReferralsQuery,
  ReferralRow,
  toSummary,
} from './referral.queries';

type ReferralPage = ResponseOf<typeof ReferralContracts.list>;

interface TotalRow {
  total: number;
}

/** A page of the referrals the actor's institution sent or received, with the filter's total. */
@Injectable()
export class ListReferrals {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, q: ListReferralsQuery): Promise<ReferralPage> {
    assertCareActor(actor, false);
    const { where, args } = listFilter(actor, q);
    const [{ total }]: TotalRow[] = await this.ds.query(
      `SELECT count(*)::int AS total FROM referral.referrals WHERE ${where}`,
      args,
    );
    const rows: ReferralRow[] = await this.ds.query(
      `SELECT * FROM referral.referrals WHERE ${where} ORDER BY ${q.role === 'received' ? INBOX_ORDER : ''} submitted_at DESC, id LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    return { items: rows.map(toSummary), total, limit: q.limit, offset: q.offset };
  }
}

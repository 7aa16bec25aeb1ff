import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rowsOf, writeOutbox } from '@app/shared';
import { sweepRows } from '@app/shared/database/sweep-rows';
import { CapacityService } from '../capacity/capacity.service';
import { REFERRAL_SCHEMA } from '../common/tokens';
import { FollowUpsService } from '../follow-ups/follow-ups.service';
import { ReferralRow } from '../referrals/referral.queries';
import { ReferralTransition } from '../referrals/referral-transition';
import { Reservations } from '../referrals/reservations';

/**
 * Everything that happens because time passed: expired holds, REFERRAL slots reaching their
 * release lead time, unanswered referrals (escalate, then expire), overdue follow-ups. Each
 * step is a guarded statement on the database, so running it twice or late changes nothing
 * more: BullMQ only decides when it runs.
 */
@Injectable()
export class SweepService {
  constructor(
    private readonly ds: DataSource,
    private readonly reservations: Reservations,
    private readonly capacity: CapacityService,
    private readonly referrals: ReferralTransition,
    private readonly followUps: FollowUpsService,
  ) {}

  async run(): Promise<Record<string, number>> {
    const holdsExpired = await this.ds.transaction((m) => this.reservations.releaseExpired(m));
    const slotsReleased = await this.ds.transaction((m) => this.capacity.releaseDue(m));
    const escalated = await this.ds.transaction((m) => this.escalateUnanswered(m));
    const expired = await this.ds.transaction(async (m) => {
      const rows: ReferralRow[] = await m.query(
        `SELECT * FROM referral.referrals WHERE status = 'SUBMITTED' AND respond_by <= now() ORDER BY respond_by LIMIT 500 FOR UPDATE SKIP LOCKED`,
      );
      return sweepRows(rows, (row) => this.referrals.expire(m, row));
    });
    const followUpsOverdue = await this.ds.transaction((m) => this.followUps.markOverdue(m));
    return { holdsExpired, slotsReleased, escalated, expired, followUpsOverdue };
  }

  private async escalateUnanswered(m: import('typeorm').EntityManager): Promise<number> {
    const rows = await rowsOf<ReferralRow & { waiting: number }>(
      m,
      `UPDATE referral.referrals r SET escalated_at = now()
         FROM referral.policies p
        WHERE p.community_id = r.community_id AND r.status = 'SUBMITTED' AND r.escalated_at IS NULL
          AND r.submitted_at + make_interval(secs => (p.response_escalation_minutes) * 60) <= now()
        RETURNING r.*, floor(extract(epoch FROM now() - r.submitted_at) / 60)::int AS waiting`,
    );
    return sweepRows(rows, (r) =>
      writeOutbox(m, REFERRAL_SCHEMA, {
        type: 'referral.escalated',
        aggregateType: 'referral',
        aggregateId: r.id,
        communityId: r.community_id,
        payload: {
          referralId: r.id,
          direction: r.direction,
          fromInstitutionId: r.from_institution_id,
          toInstitutionId: r.to_institution_id,
          patientId: r.patient_id,
          status: r.status,
          actorId: null,
          reason: 'no response from the receiving institution',
          waitingMinutes: r.waiting,
        },
      }),
    );
  }
}

import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  AppError,
  ErrorCode,
  hasRole,
  ParsedRequestOf,
  ReferralContracts,
  rowsOf,
  writeOutbox,
} from '@app/shared';
import { sweepRows } from '@app/shared/database/sweep-rows';
import { iso, isoRequired } from '../common/time';
import { REFERRAL_SCHEMA } from '../common/tokens';
import { PolicyService } from '../policy/policy.service';
import type { ReferralRow } from '../referrals/referral.queries';

const COLUMNS = `f.id, f.referral_id AS "referralId", f.due_at AS "dueAt", f.status, f.outcome, f.notes,
  f.recorded_at AS "recordedAt", f.recorded_by_name AS "recordedByName"`;

const toDto = (r: { dueAt: Date; recordedAt: Date | null }) => ({
  ...r,
  dueAt: isoRequired(r.dueAt),
  recordedAt: iso(r.recordedAt),
});

/** R8: 回访 after a down-referral (seed 001, 四（五）: 做好转诊登记及转诊病人回访). */
@Injectable()
export class FollowUpsService {
  constructor(
    private readonly ds: DataSource,
    private readonly policy: PolicyService,
  ) {}

  async schedule(m: EntityManager, row: ReferralRow): Promise<void> {
    const policy = await this.policy.forCommunity(row.community_id, m);
    const id = randomUUID();
    const [f] = await m.query(
      `INSERT INTO referral.follow_ups (id, referral_id, community_id, due_at, status)
       VALUES ($1, $2, $3, now() + make_interval(secs => ($4::float8) * 86400), 'SCHEDULED') ON CONFLICT (referral_id) DO NOTHING RETURNING due_at`,
      [id, row.id, row.community_id, policy.followUpDays],
    );
    if (!f) return;
    await writeOutbox(m, REFERRAL_SCHEMA, {
      type: 'follow_up.scheduled',
      aggregateType: 'referral',
      aggregateId: row.id,
      communityId: row.community_id,
      payload: { followUpId: id, referralId: row.id, dueAt: isoRequired(f.due_at) },
    });
  }

  /** A follow-up ends with its referral: nothing is owed for a patient who never came. */
  async cancel(m: EntityManager, row: ReferralRow): Promise<void> {
    await m.query(
      `UPDATE referral.follow_ups SET status = 'CANCELLED' WHERE referral_id = $1 AND status IN ('SCHEDULED', 'OVERDUE')`,
      [row.id],
    );
  }

  async list(actor: Actor, q: ParsedRequestOf<typeof ReferralContracts.followUps>) {
    const admin = hasRole(actor, 'community_admin') && actor.kind === 'user';
    // Every parameter is referenced whoever asks: PostgreSQL cannot type one that is not.
    const where = `f.community_id = $1 AND ($4::boolean OR r.from_institution_id = $2 OR r.to_institution_id = $2)
      AND ($3::text IS NULL OR f.status = $3)`;
    const args = [actor.communityId, actor.institutionId, q.status ?? null, admin];
    const from = `referral.follow_ups f JOIN referral.referrals r ON r.id = f.referral_id`;
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM ${from} WHERE ${where}`,
      args,
    );
    const rows = await this.ds.query(
      `SELECT ${COLUMNS} FROM ${from} WHERE ${where} ORDER BY f.due_at LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    return { items: rows.map(toDto), total, limit: q.limit, offset: q.offset };
  }

  /** Either party of the down-referral records the 回访; once recorded it stays recorded. */
  async record(actor: Actor, q: ParsedRequestOf<typeof ReferralContracts.recordFollowUp>) {
    if (!hasRole(actor, 'clinician', 'referral_coordinator'))
      throw AppError.forbidden('Requires the clinician or referral coordinator role');
    return this.ds.transaction(async (m) => {
      const [f] = await m.query(
        `SELECT f.id, f.status, f.referral_id, f.community_id, r.from_institution_id, r.to_institution_id
           FROM referral.follow_ups f JOIN referral.referrals r ON r.id = f.referral_id
          WHERE f.id = $1 AND f.community_id = $2 FOR UPDATE OF f`,
        [q.id, actor.communityId],
      );
      if (!f) throw AppError.notFound('Follow-up');
      if (![f.from_institution_id, f.to_institution_id].includes(actor.institutionId)) {
        throw AppError.forbidden('Only the institutions of the referral record its follow-up');
      }
      if (f.status === 'DONE')
        throw new AppError(ErrorCode.INVALID_TRANSITION, 'This follow-up was already recorded');
      await m.query(
        `UPDATE referral.follow_ups SET status = 'DONE', recorded_at = now(), recorded_by = $2, recorded_by_name = $3, outcome = $4, notes = $5
          WHERE id = $1`,
        [q.id, actor.id, actor.name, q.outcome, q.notes ?? null],
      );
      await writeOutbox(m, REFERRAL_SCHEMA, {
        type: 'follow_up.recorded',
        aggregateType: 'referral',
        aggregateId: f.referral_id,
        communityId: f.community_id,
        payload: { followUpId: q.id, referralId: f.referral_id, outcome: q.outcome },
      });
      const [row] = await m.query(`SELECT ${COLUMNS} FROM referral.follow_ups f WHERE f.id = $1`, [
        q.id,
      ]);
      return toDto(row);
    });
  }

  /** Follow-ups not recorded within the grace period escalate once (event). */
  async markOverdue(m: EntityManager): Promise<number> {
    const rows = await rowsOf<{
      id: string;
      referral_id: string;
      community_id: string;
      due_at: Date;
    }>(
      m,
      `UPDATE referral.follow_ups f SET status = 'OVERDUE', escalated_at = now()
         FROM referral.policies p
        WHERE p.community_id = f.community_id AND f.status = 'SCHEDULED'
          AND f.due_at + make_interval(secs => (p.follow_up_grace_days) * 86400) <= now()
        RETURNING f.id, f.referral_id, f.community_id, f.due_at`,
    );
    return sweepRows(rows, (f) =>
      writeOutbox(m, REFERRAL_SCHEMA, {
        type: 'follow_up.overdue',
        aggregateType: 'referral',
        aggregateId: f.referral_id,
        communityId: f.community_id,
        payload: { followUpId: f.id, referralId: f.referral_id, dueAt: isoRequired(f.due_at) },
      }),
    );
  }
}

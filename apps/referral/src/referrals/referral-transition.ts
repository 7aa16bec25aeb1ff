import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  ParsedRequestOf,
  ReferralContracts,
  ReferralDetail,
  ReferralStatus,
  rowsOf,
} from '@app/shared';
import { inTransaction } from '../common/transaction';
import { FollowUpsService } from '../follow-ups/follow-ups.service';
import { assertCareActor, lockForAction } from './referral-access';
import { recordTransition } from './referral-events';
import { loadDetail, ReferralRow } from './referral.queries';
import { Action, CLOSING_STATUSES, RESERVATION_ON, RULES, STAMPED_AT } from './lifecycle';
import { HoldExpiredError, ReservationRow } from './reservation-row';
import { Reservations } from './reservations';

/** The steps a person takes (R6); `hold` changes no status and `expire` is the system's. */
export type StepAction = Exclude<Action, 'hold' | 'expire'>;

/** A step's request: its contract carries the same name as the action. */
export type StepRequest<K extends StepAction> = ParsedRequestOf<(typeof ReferralContracts)[K]>;

/** One use case per step, each answering its contract through ReferralTransition. */
export interface ReferralStep<K extends StepAction> {
  execute(actor: Actor, request: StepRequest<K>): Promise<ReferralDetail>;
}

export interface TransitionInput {
  reason?: string;
  summary?: string;
  toInstitutionId?: string;
  toDepartmentId?: string;
}

/**
 * What a step does between locking the referral and moving it: accept checks the place is
 * secured (and hands over the reservation it locked, so the move need not read it again),
 * redirect writes the new referral and answers its id.
 */
export type BeforeMove = (
  m: EntityManager,
  row: ReferralRow,
) => Promise<{ redirectedTo?: string; reservation?: ReservationRow | null } | void>;

/**
 * R1, R5–R8: moving a referral from one status to the next: the row, its audit row and event,
 * its follow-up and its capacity, in one transaction. Every step's use case goes through here.
 */
@Injectable()
export class ReferralTransition {
  constructor(
    private readonly ds: DataSource,
    private readonly reservations: Reservations,
    private readonly followUps: FollowUpsService,
  ) {}

  async run(
    actor: Actor,
    id: string,
    action: StepAction,
    input: TransitionInput,
    beforeMove?: BeforeMove,
  ): Promise<ReferralDetail> {
    assertCareActor(actor, true);
    try {
      return await inTransaction(this.ds, async (m) => {
        const row = await lockForAction(m, actor, id, action);
        const to = RULES[action].to!;
        const done = beforeMove ? await beforeMove(m, row) : undefined;
        const moved = await this.move(m, row, to, actor, input.reason ?? null, {
          completionSummary: input.summary,
          redirectedTo: done?.redirectedTo ?? null,
          reservation: done?.reservation,
        });
        return loadDetail(m, moved);
      });
    } catch (error) {
      // The refused acceptance rolled back; the expired hold's place is given back now, not at
      // the next sweep, so a 409 always means the place is free again.
      if (error instanceof HoldExpiredError)
        await inTransaction(this.ds, (m) => this.reservations.releaseExpiredOf(m, id));
      throw error;
    }
  }

  /** The system's own transition (response deadline passed). */
  async expire(m: EntityManager, row: ReferralRow): Promise<void> {
    await this.move(m, row, 'EXPIRED', null, 'no response before the deadline', {});
  }

  private async move(
    m: EntityManager,
    row: ReferralRow,
    to: ReferralStatus,
    actor: Actor | null,
    reason: string | null,
    extra: {
      completionSummary?: string;
      redirectedTo?: string | null;
      /** The active reservation when the caller has locked it already; undefined: look it up. */
      reservation?: ReservationRow | null;
    },
  ): Promise<ReferralRow> {
    const stamp = STAMPED_AT[to];
    const closed = CLOSING_STATUSES.includes(to);
    const [moved] = await rowsOf<ReferralRow>(
      m,
      `UPDATE referral.referrals SET status = $2, updated_at = now(), ${stamp ? `${stamp} = now(),` : ''}
         closed_at = CASE WHEN $3 THEN now() ELSE closed_at END,
         completion_summary = coalesce($4, completion_summary), redirected_to_referral_id = coalesce($5, redirected_to_referral_id)
       WHERE id = $1 RETURNING *`,
      [row.id, to, closed, extra.completionSummary ?? null, extra.redirectedTo ?? null],
    );
    await recordTransition(m, moved, row.status, to, actor, reason);
    // Follow-up (回访): the primary institution follows a patient sent down once accepted, and
    // an up-referred patient once they come back (seed 001 四(五), seed 004 附件2-3 跟踪接续服务).
    if (to === 'ACCEPTED' && row.direction === 'DOWN') await this.followUps.schedule(m, row);
    if (to === 'COMPLETED' && row.direction === 'UP') await this.followUps.schedule(m, row);
    if (to === 'CANCELLED' || to === 'NO_SHOW') await this.followUps.cancel(m, row);
    // Capacity last, so the slot or bed row stays locked for the shortest time.
    const reservation =
      extra.reservation !== undefined
        ? extra.reservation
        : await this.reservations.active(m, row.id);
    const effect = RESERVATION_ON[to];
    if (reservation && effect === 'book') await this.reservations.book(m, reservation);
    if (reservation && effect === 'occupy') await this.reservations.occupy(m, reservation);
    if (reservation && effect === 'finish') await this.reservations.finish(m, reservation);
    if (reservation && effect === 'release')
      await this.reservations.release(m, reservation, to.toLowerCase());
    return moved;
  }
}

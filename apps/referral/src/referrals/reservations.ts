import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rowsOf, writeOutbox } from '@app/shared';
import { REFERRAL_SCHEMA } from '../common/tokens';
import { HoldExpiredError, ReservationRow } from './reservation-row';

interface ReferralCommunityRow {
  community_id: string;
}

/**
 * R5, after the hold (ReservationHolds): a reservation is booked on acceptance, occupied on
 * arrival, finished or released as its referral ends, and released when it expires unbooked.
 * Each step runs in the caller's transaction.
 */
@Injectable()
export class Reservations {
  async active(m: EntityManager, referralId: string): Promise<ReservationRow | undefined> {
    const [row]: ReservationRow[] = await m.query(
      `SELECT * FROM referral.reservations WHERE referral_id = $1 AND status IN ('HELD', 'BOOKED') FOR UPDATE`,
      [referralId],
    );
    return row;
  }

  /**
   * Acceptance books the hold; a hold that has run out must be placed again. The refusal rolls
   * the caller's transaction back, so the caller gives the place back afterwards in one of its own
   * (`releaseExpiredOf`), or it would stay held until the next sweep.
   */
  async book(m: EntityManager, r: ReservationRow): Promise<void> {
    if (r.status !== 'HELD') return;
    if (r.expires_at && new Date(r.expires_at).getTime() <= Date.now())
      throw new HoldExpiredError();
    // The place and the reservation in one statement: one round trip fewer on every acceptance.
    const place =
      r.kind === 'SLOT'
        ? `UPDATE referral.slots SET held = held - 1, booked = booked + 1 WHERE id = $2`
        : `UPDATE referral.beds SET status = 'BOOKED' WHERE id = $2`;
    await m.query(
      `WITH place AS (${place})
       UPDATE referral.reservations SET status = 'BOOKED', expires_at = NULL WHERE id = $1`,
      [r.id, r.kind === 'SLOT' ? r.slot_id : r.bed_id],
    );
  }

  /** Check-in: a bed becomes occupied; an emergency (still held) slot or bed is booked on the spot. */
  async occupy(m: EntityManager, r: ReservationRow): Promise<void> {
    if (r.status === 'HELD' && r.kind === 'SLOT') {
      await m.query(
        `UPDATE referral.slots SET held = held - 1, booked = booked + 1 WHERE id = $1`,
        [r.slot_id],
      );
    }
    if (r.kind === 'BED')
      await m.query(`UPDATE referral.beds SET status = 'OCCUPIED' WHERE id = $1`, [r.bed_id]);
    await m.query(
      `UPDATE referral.reservations SET status = 'BOOKED', expires_at = NULL WHERE id = $1`,
      [r.id],
    );
  }

  /** Completion: the visit used its slot (consumed); the bed is freed by discharge. */
  async finish(m: EntityManager, r: ReservationRow): Promise<void> {
    if (r.kind === 'SLOT') {
      await m.query(
        `UPDATE referral.reservations SET status = 'CONSUMED', released_at = now() WHERE id = $1`,
        [r.id],
      );
      return;
    }
    await m.query(`UPDATE referral.beds SET status = 'AVAILABLE' WHERE id = $1`, [r.bed_id]);
    await m.query(
      `UPDATE referral.reservations SET status = 'RELEASED', released_at = now(), release_reason = 'discharged' WHERE id = $1`,
      [r.id],
    );
  }

  async release(m: EntityManager, r: ReservationRow, reason: string): Promise<void> {
    const done = await rowsOf(
      m,
      `UPDATE referral.reservations SET status = 'RELEASED', released_at = now(), release_reason = $2
        WHERE id = $1 AND status IN ('HELD', 'BOOKED') RETURNING referral_id`,
      [r.id, reason],
    );
    if (done.length === 0) return;
    if (r.kind === 'SLOT') {
      const column = r.status === 'HELD' ? 'held' : 'booked';
      await m.query(`UPDATE referral.slots SET ${column} = ${column} - 1 WHERE id = $1`, [
        r.slot_id,
      ]);
    } else {
      await m.query(
        `UPDATE referral.beds SET status = 'AVAILABLE' WHERE id = $1 AND status <> 'CLOSED'`,
        [r.bed_id],
      );
    }
    const [ref]: ReferralCommunityRow[] = await m.query(
      `SELECT community_id FROM referral.referrals WHERE id = $1`,
      [r.referral_id],
    );
    await writeOutbox(m, REFERRAL_SCHEMA, {
      type: 'reservation.released',
      aggregateType: 'referral',
      aggregateId: r.referral_id,
      communityId: ref?.community_id ?? null,
      payload: { referralId: r.referral_id, reservationId: r.id, reason },
    });
  }

  /** Releases the referral's hold if it is past its expiry (after a refused acceptance). */
  async releaseExpiredOf(m: EntityManager, referralId: string): Promise<number> {
    const rows: ReservationRow[] = await m.query(
      `SELECT * FROM referral.reservations WHERE referral_id = $1 AND status = 'HELD' AND expires_at <= now()
        FOR UPDATE SKIP LOCKED`,
      [referralId],
    );
    for (const r of rows) await this.release(m, r, 'expired');
    return rows.length;
  }

  /** Releases holds past their expiry (all, or one slot's or bed's); the database is the clock. */
  async releaseExpired(
    m: EntityManager,
    only: { slotId?: string; bedId?: string } = {},
  ): Promise<number> {
    const rows: ReservationRow[] = await m.query(
      `SELECT * FROM referral.reservations WHERE status = 'HELD' AND expires_at <= now()
          AND ($1::uuid IS NULL OR slot_id = $1) AND ($2::uuid IS NULL OR bed_id = $2)
        ORDER BY id FOR UPDATE SKIP LOCKED`,
      [only.slotId ?? null, only.bedId ?? null],
    );
    for (const r of rows) await this.release(m, r, 'expired');
    return rows.length;
  }
}

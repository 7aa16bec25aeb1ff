import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AppError, ErrorCode, rowsOf, writeOutbox } from '@app/shared';
import { iso } from '../common/time';
import { REFERRAL_SCHEMA } from '../common/tokens';

export interface ReservationRow {
  id: string;
  referral_id: string;
  kind: 'SLOT' | 'BED';
  slot_id: string | null;
  bed_id: string | null;
  status: 'HELD' | 'BOOKED' | 'RELEASED' | 'CONSUMED';
  emergency: boolean;
  expires_at: Date | null;
}

/** A hold ran out before the receiver accepted (409); its place is released after the rollback. */
export class HoldExpiredError extends AppError {
  constructor() {
    super(
      ErrorCode.CONFLICT,
      'The slot or bed hold expired before acceptance; the sender must hold again',
    );
  }
}

interface Owner {
  referralId: string;
  communityId: string;
  toInstitutionId: string;
}

/**
 * R5: every change to held/booked capacity is one guarded SQL statement inside the caller's
 * transaction (`held + booked < capacity`, `status = 'AVAILABLE'`), backed by CHECK and
 * unique constraints, so no interleaving of requests can over-book a slot or a bed.
 */
@Injectable()
export class Reservations {
  async active(m: EntityManager, referralId: string): Promise<ReservationRow | undefined> {
    const [row] = await m.query(
      `SELECT * FROM referral.reservations WHERE referral_id = $1 AND status IN ('HELD', 'BOOKED') FOR UPDATE`,
      [referralId],
    );
    return row;
  }

  async holdSlot(
    m: EntityManager,
    owner: Owner,
    slotId: string,
    minutes: number,
  ): Promise<ReservationRow> {
    const take = () =>
      rowsOf(
        m,
        `UPDATE referral.slots SET held = held + 1
          WHERE id = $1 AND institution_id = $2 AND starts_at > now() AND held + booked < capacity RETURNING id`,
        [slotId, owner.toInstitutionId],
      );
    // The reservation row first and the slot row last: the slot's row lock, which every hold on
    // this slot queues behind, is then held only from here to COMMIT.
    const reservation = await this.insert(m, owner, {
      kind: 'SLOT',
      slotId,
      bedId: null,
      minutes,
      emergency: false,
    });
    // Expired holds are only swept here when the slot looks full: the happy path is one statement.
    let taken = await take();
    if (taken.length === 0 && (await this.releaseExpired(m, { slotId })) > 0) taken = await take();
    if (taken.length === 0) {
      const [slot] = await m.query(
        `SELECT starts_at <= now() AS started FROM referral.slots WHERE id = $1 AND institution_id = $2`,
        [slotId, owner.toInstitutionId],
      );
      if (!slot)
        throw AppError.validation('hold.slotId: no such slot at the receiving institution', [
          { path: 'hold.slotId', message: 'unknown slot' },
        ]);
      if (slot.started)
        throw AppError.validation('hold.slotId: that slot has already started', [
          { path: 'hold.slotId', message: 'in the past' },
        ]);
      throw new AppError(
        ErrorCode.CAPACITY_EXHAUSTED,
        'That slot is fully held or booked; pick another',
      );
    }
    return reservation;
  }

  async holdBed(
    m: EntityManager,
    owner: Owner,
    bedId: string,
    minutes: number,
    emergency = false,
  ): Promise<ReservationRow> {
    const take = () =>
      rowsOf(
        m,
        `UPDATE referral.beds SET status = 'HELD' WHERE id = $1 AND institution_id = $2 AND status = 'AVAILABLE' RETURNING id`,
        [bedId, owner.toInstitutionId],
      );
    let taken = await take();
    if (taken.length === 0 && (await this.releaseExpired(m, { bedId })) > 0) taken = await take();
    if (taken.length === 0) {
      const [bed] = await m.query(
        `SELECT status FROM referral.beds WHERE id = $1 AND institution_id = $2`,
        [bedId, owner.toInstitutionId],
      );
      if (!bed)
        throw AppError.validation('hold.bedId: no such bed at the receiving institution', [
          { path: 'hold.bedId', message: 'unknown bed' },
        ]);
      throw new AppError(
        ErrorCode.CAPACITY_EXHAUSTED,
        `That bed is not available (${bed.status}); pick another`,
      );
    }
    return this.insert(m, owner, { kind: 'BED', slotId: null, bedId, minutes, emergency });
  }

  /** Green channel: any available bed of the receiver (its REFERRAL pool first), or none. */
  async holdAnyBed(m: EntityManager, owner: Owner, departmentId: string | null, minutes: number) {
    const [bed] = await m.query(
      `SELECT id, number FROM referral.beds WHERE institution_id = $1 AND status = 'AVAILABLE' AND ($2::uuid IS NULL OR department_id = $2)
        ORDER BY pool = 'REFERRAL' DESC, number LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [owner.toInstitutionId, departmentId],
    );
    if (!bed) return undefined;
    const reservation = await this.holdBed(m, owner, bed.id, minutes, true);
    return { reservation, bedNumber: bed.number as string };
  }

  private async insertOrConflict(
    m: EntityManager,
    sql: string,
    args: unknown[],
  ): Promise<ReservationRow[]> {
    try {
      return await m.query(sql, args);
    } catch (error) {
      const code = (error as { driverError?: { code?: string } }).driverError?.code;
      if (code === '23505')
        throw AppError.conflict(
          'This referral already holds a slot or bed; cancel or let it expire first',
        );
      // The reservation is written before the slot or bed row is touched (shortest lock), so an
      // unknown slot or bed surfaces here, as its foreign key.
      if (code === '23503')
        throw AppError.validation('hold: no such slot or bed at the receiving institution', [
          { path: 'hold', message: 'unknown slot or bed' },
        ]);
      throw error;
    }
  }

  private async insert(
    m: EntityManager,
    owner: Owner,
    r: {
      kind: 'SLOT' | 'BED';
      slotId: string | null;
      bedId: string | null;
      minutes: number;
      emergency: boolean;
    },
  ): Promise<ReservationRow> {
    // The unique index (one active reservation per referral) is the check; no SELECT first.
    const [row] = await this.insertOrConflict(
      m,
      `INSERT INTO referral.reservations (id, referral_id, kind, slot_id, bed_id, status, emergency, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'HELD', $6, now() + make_interval(secs => ($7::float8) * 60)) RETURNING *`,
      [randomUUID(), owner.referralId, r.kind, r.slotId, r.bedId, r.emergency, r.minutes],
    );
    await writeOutbox(m, REFERRAL_SCHEMA, {
      type: 'reservation.held',
      aggregateType: 'referral',
      aggregateId: owner.referralId,
      communityId: owner.communityId,
      payload: {
        referralId: owner.referralId,
        reservationId: row.id,
        kind: r.kind,
        expiresAt: iso(row.expires_at),
      },
    });
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
    if (r.kind === 'SLOT')
      await m.query(
        `UPDATE referral.slots SET held = held - 1, booked = booked + 1 WHERE id = $1`,
        [r.slot_id],
      );
    else await m.query(`UPDATE referral.beds SET status = 'BOOKED' WHERE id = $1`, [r.bed_id]);
    await m.query(
      `UPDATE referral.reservations SET status = 'BOOKED', expires_at = NULL WHERE id = $1`,
      [r.id],
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
    const [ref] = await m.query(`SELECT community_id FROM referral.referrals WHERE id = $1`, [
      r.referral_id,
    ]);
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

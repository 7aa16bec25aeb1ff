import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AppError, ErrorCode, rowsOf, writeOutbox } from '@app/shared';
import { iso } from '../common/time';
import { REFERRAL_SCHEMA } from '../common/tokens';
import { ReservationOwner as Owner, ReservationRow } from './reservation-row';
import { Reservations } from './reservations';

interface SlotStartRow {
  started: boolean;
}
interface BedStatusRow {
  status: string;
}
interface FreeBedRow {
  id: string;
  number: string;
}

/**
 * R5, taking a slot or bed for a referral: every change to held/booked capacity is one guarded
 * SQL statement inside the caller's transaction (`held + booked < capacity`, `status =
 * 'AVAILABLE'`), backed by CHECK and unique constraints, so no interleaving of requests can
 * over-book a slot or a bed. Later changes to the reservation are Reservations'.
 */
@Injectable()
export class ReservationHolds {
  constructor(private readonly reservations: Reservations) {}

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
    if (taken.length === 0 && (await this.reservations.releaseExpired(m, { slotId })) > 0)
      taken = await take();
    if (taken.length === 0) {
      const [slot]: SlotStartRow[] = await m.query(
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
    if (taken.length === 0 && (await this.reservations.releaseExpired(m, { bedId })) > 0)
      taken = await take();
    if (taken.length === 0) {
      const [bed]: BedStatusRow[] = await m.query(
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
  async holdAnyBed(
    m: EntityManager,
    owner: Owner,
    departmentId: string | null,
    minutes: number,
  ): Promise<{ reservation: ReservationRow; bedNumber: string } | undefined> {
    const [bed]: FreeBedRow[] = await m.query(
      `SELECT id, number FROM referral.beds WHERE institution_id = $1 AND status = 'AVAILABLE' AND ($2::uuid IS NULL OR department_id = $2)
        ORDER BY pool = 'REFERRAL' DESC, number LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [owner.toInstitutionId, departmentId],
    );
    if (!bed) return undefined;
    const reservation = await this.holdBed(m, owner, bed.id, minutes, true);
    return { reservation, bedNumber: bed.number };
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
}

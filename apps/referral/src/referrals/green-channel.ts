import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { writeOutbox } from '@app/shared';
import { REFERRAL_SCHEMA } from '../common/tokens';
import { eventBody, recordTransition } from './referral-events';
import { ReferralRow } from './referral.queries';
import { ReservationHolds } from './reservation-holds';

interface HeldBedRow {
  id: string;
  number: string;
}

/** R7: a green-channel referral is accepted on arrival, with an emergency bed and a notice. */
@Injectable()
export class GreenChannel {
  constructor(private readonly holds: ReservationHolds) {}

  /** Accepts the new referral, holds a bed unless one is held already, and announces both. */
  async open(
    m: EntityManager,
    row: ReferralRow,
    minutes: number,
    alreadyHeld: boolean,
  ): Promise<void> {
    await m.query(
      `UPDATE referral.referrals SET status = 'ACCEPTED', accepted_at = now(), updated_at = now() WHERE id = $1`,
      [row.id],
    );
    await recordTransition(
      m,
      { ...row, status: 'ACCEPTED' },
      'SUBMITTED',
      'ACCEPTED',
      null,
      `green channel ${row.green_channel}: accepted on arrival`,
    );
    const owner = {
      referralId: row.id,
      communityId: row.community_id,
      toInstitutionId: row.to_institution_id,
    };
    let bed: { id: string | null; number: string | null } = { id: null, number: null };
    if (alreadyHeld) {
      const [held]: HeldBedRow[] = await m.query(
        `SELECT b.id, b.number FROM referral.reservations r JOIN referral.beds b ON b.id = r.bed_id WHERE r.referral_id = $1 AND r.status = 'HELD'`,
        [row.id],
      );
      if (held) bed = held;
    } else {
      const picked = await this.holds.holdAnyBed(m, owner, row.to_department_id, minutes);
      if (picked) bed = { id: picked.reservation.bed_id, number: picked.bedNumber };
    }
    await writeOutbox(m, REFERRAL_SCHEMA, {
      type: 'referral.green_channel',
      aggregateType: 'referral',
      aggregateId: row.id,
      communityId: row.community_id,
      payload: {
        ...eventBody(row, 'ACCEPTED', null, 'green channel'),
        greenChannel: row.green_channel ?? '',
        bedId: bed.id,
        bedNumber: bed.number,
      },
    });
  }
}

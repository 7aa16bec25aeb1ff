import { AppError, ErrorCode } from '@app/shared';

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

/** The referral a hold is for, and the institution whose slot or bed it takes. */
export interface ReservationOwner {
  referralId: string;
  communityId: string;
  toInstitutionId: string;
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

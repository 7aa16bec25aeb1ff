import type { ReferralStatus } from '@app/shared';

export type Party = 'sender' | 'receiver' | 'system';
export type Action =
  | 'accept'
  | 'reject'
  | 'redirect'
  | 'cancel'
  | 'checkIn'
  | 'noShow'
  | 'complete'
  | 'expire'
  | 'hold';

/**
 * R6: who may do what, from which status. The sender cancels (and holds capacity); the
 * receiver accepts, rejects, redirects, checks in, marks a no-show and completes.
 */
export const RULES: Record<
  Action,
  { party: Party; from: ReferralStatus[]; to: ReferralStatus | null }
> = {
  hold: { party: 'sender', from: ['SUBMITTED'], to: null },
  accept: { party: 'receiver', from: ['SUBMITTED'], to: 'ACCEPTED' },
  reject: { party: 'receiver', from: ['SUBMITTED'], to: 'REJECTED' },
  redirect: { party: 'receiver', from: ['SUBMITTED'], to: 'REDIRECTED' },
  cancel: { party: 'sender', from: ['SUBMITTED', 'ACCEPTED'], to: 'CANCELLED' },
  checkIn: { party: 'receiver', from: ['ACCEPTED'], to: 'ARRIVED' },
  noShow: { party: 'receiver', from: ['ACCEPTED'], to: 'NO_SHOW' },
  complete: { party: 'receiver', from: ['ARRIVED'], to: 'COMPLETED' },
  expire: { party: 'system', from: ['SUBMITTED'], to: 'EXPIRED' },
};

export type Verdict =
  { ok: true } | { ok: false; why: 'wrong_party' | 'wrong_status'; message: string };

export function judge(action: Action, party: Party | 'none', status: ReferralStatus): Verdict {
  const rule = RULES[action];
  if (party !== rule.party) {
    return {
      ok: false,
      why: 'wrong_party',
      message: `Only the ${rule.party} institution may ${action} a referral`,
    };
  }
  if (!rule.from.includes(status)) {
    return {
      ok: false,
      why: 'wrong_status',
      message: `Cannot ${action} a referral that is ${status} (allowed from ${rule.from.join(', ')})`,
    };
  }
  return { ok: true };
}

/** Where a reservation goes when the referral moves (R5). */
export const RESERVATION_ON: Partial<
  Record<ReferralStatus, 'book' | 'occupy' | 'release' | 'finish'>
> = {
  ACCEPTED: 'book',
  ARRIVED: 'occupy',
  COMPLETED: 'finish',
  REJECTED: 'release',
  REDIRECTED: 'release',
  CANCELLED: 'release',
  EXPIRED: 'release',
  NO_SHOW: 'release',
};

/** The column stamped with the time a referral reaches the status, where there is one. */
export const STAMPED_AT: Partial<Record<ReferralStatus, string>> = {
  ACCEPTED: 'accepted_at',
  ARRIVED: 'arrived_at',
  COMPLETED: 'completed_at',
};

/** Statuses a referral ends in (closed_at is set). */
export const CLOSING_STATUSES: readonly ReferralStatus[] = [
  'REJECTED',
  'REDIRECTED',
  'COMPLETED',
  'CANCELLED',
  'EXPIRED',
  'NO_SHOW',
];

/** Kept in libs/shared: the gateway's FHIR Task search maps the other way. */
export { FHIR_TASK_STATUS } from '@app/shared';

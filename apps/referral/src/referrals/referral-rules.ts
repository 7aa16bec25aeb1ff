import { Actor, AppError, createReferralSchema, ReferralPolicy } from '@app/shared';
import type { InstitutionRow } from '../directory/directory.repository';
import type { ReferralRow } from './referral.queries';

// The referral rules that need no database: each use case asks here, and the specs beside it
// check them without one.

export type CreateReferralInput = ReturnType<typeof createReferralSchema.parse>;

/**
 * Seed 001 四（二）: an up-referral goes to a higher-level institution, a down-referral to a
 * lower one, never to itself; the green channel (R7) is for up-referrals only.
 */
export function assertRouteAllowed(
  input: Pick<CreateReferralInput, 'direction' | 'greenChannel'>,
  from: InstitutionRow,
  to: InstitutionRow,
): void {
  if (to.id === from.id)
    throw AppError.validation('toInstitutionId: an institution cannot refer to itself');
  if (input.direction === 'UP' && to.level <= from.level) {
    throw AppError.validation(
      `toInstitutionId: an up-referral goes to a higher-level institution (${to.name} is not)`,
    );
  }
  if (input.direction === 'DOWN' && to.level >= from.level) {
    throw AppError.validation(
      `toInstitutionId: a down-referral goes to a lower-level institution (${to.name} is not)`,
    );
  }
  if (input.greenChannel && input.direction !== 'UP')
    throw AppError.validation('greenChannel: the green channel is for up-referrals');
}

/**
 * R8: a continuation sends the patient of a completed up-referral back down to where they came
 * from, by the institution that received them. Empty when `original` may be continued.
 */
export function continuationProblems(
  original: ReferralRow,
  actor: Actor,
  input: Pick<CreateReferralInput, 'direction' | 'toInstitutionId' | 'patientId'>,
): string[] {
  const problems = [
    original.direction !== 'UP' && 'it is not an up-referral',
    original.status !== 'COMPLETED' && `it is ${original.status}, not COMPLETED`,
    original.to_institution_id !== actor.institutionId && 'your institution did not receive it',
    input.direction !== 'DOWN' && 'a continuation is a down-referral',
    original.from_institution_id !== input.toInstitutionId &&
      'a continuation goes back to the institution that sent the patient',
    original.patient_id !== input.patientId && 'it is for another patient',
  ];
  return problems.filter((p): p is string => typeof p === 'string');
}

/** How long a hold lasts: until the receiver's answer is due when the policy says so (item 8). */
export function holdMinutesFor(
  policy: ReferralPolicy,
  row: Pick<ReferralRow, 'respond_by'>,
  now = Date.now(),
): number {
  if (!policy.holdUntilResponseDue) return policy.holdMinutes;
  const untilDue = (new Date(row.respond_by).getTime() - now) / 60_000;
  return Math.max(policy.holdMinutes, untilDue);
}

/**
 * Whether accepting needs a held place. Seed 001's rule is about the upper institution receiving
 * a patient: 基层 has no slot pool, and an emergency is received whatever is held.
 */
export function needsSecuredPlace(
  row: Pick<ReferralRow, 'direction' | 'urgency' | 'green_channel'>,
): boolean {
  return !(row.direction === 'DOWN' || row.urgency === 'EMERGENCY' || row.green_channel);
}

/**
 * A redirect is still the same referral's direction: up goes to a higher level than the sender,
 * down to a lower one (seed 001 四（二）: 基层 向上级医院转诊, 区级医院 向下转诊 to 基层).
 */
export function isWrongLevelForRedirect(
  direction: ReferralRow['direction'],
  target: { level: number },
  sender: { level: number },
): boolean {
  return direction === 'UP' ? target.level <= sender.level : target.level >= sender.level;
}

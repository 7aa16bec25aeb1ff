import { EntityManager } from 'typeorm';
import { Actor, ApiScope, AppError, ErrorCode, hasRole } from '@app/shared';
import { Action, judge, Party } from './lifecycle';
import { ReferralRow } from './referral.queries';

const CARE_ROLES = ['clinician', 'referral_coordinator'] as const;

/**
 * Who may touch referrals at all: clinicians and coordinators; a community admin may only read;
 * an API client needs the REST or the FHIR scope for what it does.
 */
export function assertCareActor(actor: Actor, write: boolean): void {
  if (actor.kind === 'api_client') {
    // The REST scope or the FHIR one: the gateway lets each door in with its own.
    const allowed: ApiScope[] = write
      ? ['referrals:write', 'fhir:write']
      : ['referrals:read', 'fhir:read'];
    if (!allowed.some((scope) => actor.scopes.includes(scope)))
      throw AppError.forbidden(`API client lacks the referral scope (${allowed.join(' or ')})`);
    return;
  }
  if (!hasRole(actor, ...CARE_ROLES) && (write || !hasRole(actor, 'community_admin'))) {
    throw AppError.forbidden('Requires the clinician or referral coordinator role');
  }
}

/** Which side of the referral the actor's institution is on. */
export function partyOf(actor: Actor, row: ReferralRow): Party | 'none' {
  if (actor.institutionId === row.from_institution_id) return 'sender';
  if (actor.institutionId === row.to_institution_id) return 'receiver';
  return 'none';
}

/** Locks the row; another community's referral is 404, the wrong party 403, the wrong status 409. */
export async function lockForAction(
  m: EntityManager,
  actor: Actor,
  id: string,
  action: Action,
): Promise<ReferralRow> {
  const [row]: ReferralRow[] = await m.query(
    `SELECT * FROM referral.referrals WHERE id = $1 AND community_id = $2 FOR UPDATE`,
    [id, actor.communityId],
  );
  if (!row) throw AppError.notFound('Referral');
  const verdict = judge(action, partyOf(actor, row), row.status);
  if (!verdict.ok) {
    throw verdict.why === 'wrong_party'
      ? AppError.forbidden(verdict.message)
      : new AppError(ErrorCode.INVALID_TRANSITION, verdict.message);
  }
  return row;
}

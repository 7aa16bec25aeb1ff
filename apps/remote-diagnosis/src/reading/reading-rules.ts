import { Actor, AppError, ErrorCode, hasRole, readsFor } from '@app/shared';
import type { StudyRow } from './study.queries';

/** The roles that read studies and write reports (D3–D5). */
export const READERS = ['reader', 'senior_reader'] as const;

/** Claiming (from the queue or the worklist) is for readers only. */
export function assertMayClaim(actor: Actor): void {
  if (!hasRole(actor, ...READERS)) throw AppError.forbidden('Only readers claim studies');
}

/**
 * The lease owner is the only one who may write to a study being read (D4), and only while
 * the lease runs and they still read for its center: a reader removed from the center, or one
 * whose lease the sweep is about to hand back, must claim again.
 */
export function assertLease(actor: Actor, row: StudyRow, now = Date.now()): void {
  if (row.status !== 'IN_PROGRESS')
    throw new AppError(ErrorCode.INVALID_TRANSITION, `The study is ${row.status}, not being read`);
  if (row.lease_owner !== actor.id) throw AppError.forbidden('Another reader holds this study');
  if (!readsFor(actor, row.center_id))
    throw AppError.forbidden('You no longer read for the center this study is queued at');
  if (row.lease_expires_at && new Date(row.lease_expires_at).getTime() <= now) {
    throw AppError.conflict('Your lease on this study has expired; claim it again');
  }
}

/**
 * A reader of the study's center (D3), a senior one where `senior`: readers of other centers
 * do not see the study at all, so they get a 404 rather than a 403 that would confirm it.
 */
export function assertCenterReader(actor: Actor, row: StudyRow, senior: boolean): void {
  if (!readsFor(actor, row.center_id)) throw AppError.notFound('Study');
  if (senior ? !hasRole(actor, 'senior_reader') : !hasRole(actor, ...READERS)) {
    throw AppError.forbidden(
      senior ? 'Approval needs a senior reader (审核医生)' : 'Only readers write reports',
    );
  }
}

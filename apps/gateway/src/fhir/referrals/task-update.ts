import { AppError, ErrorCode, FHIR_TASK_STATUS, ReferralDetail } from '@app/shared';
import { referencedId } from '../fhir-references';
import { shaped, taskShape } from './referral-shapes';

/** The lifecycle step an updated Task asks for, with what that step needs (R6). */
export type TaskStep =
  | { step: 'none' }
  | { step: 'accept'; reason: string }
  | { step: 'reject' | 'cancel'; reason: string }
  | { step: 'redirect'; reason: string; toInstitutionId: string }
  | { step: 'checkIn' | 'noShow'; reason: string }
  | { step: 'complete'; summary: string };

const bad = (path: string, message: string) =>
  AppError.validation(`${path}: ${message}`, [{ path, message }]);

/** Elements the server owns: an update may not change them. */
function checkUnchanged(current: fhir4.Task, next: fhir4.Task) {
  for (const key of ['focus', 'for', 'requester', 'intent'] as const)
    if (next[key] !== undefined && JSON.stringify(next[key]) !== JSON.stringify(current[key]))
      throw bad(`Task.${key}`, 'cannot be changed by an update');
}

/**
 * Which step an update of Task.status means. The referral service still decides whether the
 * caller is the right party and the referral in the right status (403 / 409 as on REST);
 * this only refuses what no step could mean.
 */
export function stepForTaskUpdate(
  referral: ReferralDetail,
  current: fhir4.Task,
  next: unknown,
  pathId: string,
): TaskStep {
  if (!next || typeof next !== 'object' || (next as fhir4.Task).resourceType !== 'Task')
    throw bad('Task', 'the body must be a Task (resourceType "Task")');
  const task = shaped<fhir4.Task>(taskShape, next, 'Task');
  if (task.id !== pathId) throw bad('Task.id', 'must equal the id in the URL');
  checkUnchanged(current, task);
  const reason = task.statusReason?.text?.trim() ?? '';
  const owner = task.owner
    ? referencedId(task.owner, 'Organization', 'Task.owner')
    : referral.toInstitutionId;
  const moved = owner !== referral.toInstitutionId;
  const status = task.status;
  if (moved && status !== 'rejected')
    throw bad('Task.owner', 'changes only together with status "rejected" (a redirect, 改转)');
  if (status === FHIR_TASK_STATUS[referral.status] && !moved) return { step: 'none' };
  const needReason = () => {
    if (!reason) throw bad('Task.statusReason.text', `a reason is required for status "${status}"`);
    return reason;
  };
  switch (status) {
    case 'accepted':
      return { step: 'accept', reason };
    case 'rejected':
      return moved
        ? { step: 'redirect', reason: needReason(), toInstitutionId: owner }
        : { step: 'reject', reason: needReason() };
    case 'cancelled':
      return { step: 'cancel', reason: needReason() };
    case 'in-progress':
      return { step: 'checkIn', reason };
    case 'failed':
      return { step: 'noShow', reason };
    case 'completed': {
      const summary =
        task.output?.find((o) => o.type?.text === 'completion-summary')?.valueString?.trim() ??
        reason;
      if (!summary)
        throw bad(
          'Task.output',
          'completing needs a summary for the sender: output of type "completion-summary" with valueString',
        );
      return { step: 'complete', summary };
    }
    default:
      throw new AppError(
        ErrorCode.INVALID_TRANSITION,
        `Task.status "${String(status).slice(0, 40)}" is not a step of a referral; use accepted, rejected, cancelled, in-progress, failed or completed`,
      );
  }
}

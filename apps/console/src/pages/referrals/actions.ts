import { api } from '../../api/client';
import type { ReferralRow, ReferralStatus } from './labels';

export type ActionName =
  'accept' | 'reject' | 'redirect' | 'checkIn' | 'noShow' | 'complete' | 'cancel';

export interface ActionSpec {
  label: string;
  /** The same in English. */
  labelEn: string;
  side: 'receiver' | 'sender';
  from: ReferralStatus[];
  /** What the dialog asks for: a reason (required or optional), a summary, a new receiver. */
  ask: 'reason' | 'optionalReason' | 'summary' | 'redirect';
  danger?: boolean;
  primary?: boolean;
}

/** R6 as the referral service enforces it (apps/referral/src/referrals/lifecycle.ts). */
export const ACTIONS: Record<ActionName, ActionSpec> = {
  accept: {
    label: '接收',
    labelEn: 'Accept',
    side: 'receiver',
    from: ['SUBMITTED'],
    ask: 'optionalReason',
    primary: true,
  },
  reject: {
    label: '拒绝',
    labelEn: 'Reject',
    side: 'receiver',
    from: ['SUBMITTED'],
    ask: 'reason',
    danger: true,
  },
  redirect: {
    label: '改派',
    labelEn: 'Redirect',
    side: 'receiver',
    from: ['SUBMITTED'],
    ask: 'redirect',
  },
  checkIn: {
    label: '接诊',
    labelEn: 'Check in',
    side: 'receiver',
    from: ['ACCEPTED'],
    ask: 'optionalReason',
    primary: true,
  },
  noShow: {
    label: '未到诊',
    labelEn: 'No-show',
    side: 'receiver',
    from: ['ACCEPTED'],
    ask: 'optionalReason',
  },
  complete: {
    label: '完成',
    labelEn: 'Complete',
    side: 'receiver',
    from: ['ARRIVED'],
    ask: 'summary',
    primary: true,
  },
  cancel: {
    label: '撤销',
    labelEn: 'Cancel',
    side: 'sender',
    from: ['SUBMITTED', 'ACCEPTED'],
    ask: 'reason',
    danger: true,
  },
};

/** The actions this institution may take on a referral now. */
export function actionsFor(row: ReferralRow, institutionId: string): ActionName[] {
  const sides = new Set<string>();
  if (row.toInstitutionId === institutionId) sides.add('receiver');
  if (row.fromInstitutionId === institutionId) sides.add('sender');
  return (Object.keys(ACTIONS) as ActionName[]).filter(
    (a) => sides.has(ACTIONS[a].side) && ACTIONS[a].from.includes(row.status),
  );
}

export interface ActionInput {
  reason?: string;
  summary?: string;
  toInstitutionId?: string;
}

/** One call per action; each answers the referral as it now stands or a problem+json. */
export function runAction(name: ActionName, id: string, v: ActionInput) {
  const path = { params: { path: { id } } };
  const reason = v.reason?.trim() || undefined;
  switch (name) {
    case 'accept':
      return api.POST('/api/v1/referrals/{id}/accept', { ...path, body: { reason } });
    case 'reject':
      return api.POST('/api/v1/referrals/{id}/reject', { ...path, body: { reason: reason ?? '' } });
    case 'redirect':
      return api.POST('/api/v1/referrals/{id}/redirect', {
        ...path,
        body: { reason: reason ?? '', toInstitutionId: v.toInstitutionId ?? '' },
      });
    case 'checkIn':
      return api.POST('/api/v1/referrals/{id}/check-in', { ...path, body: { reason } });
    case 'noShow':
      return api.POST('/api/v1/referrals/{id}/no-show', { ...path, body: { reason } });
    case 'complete':
      return api.POST('/api/v1/referrals/{id}/complete', {
        ...path,
        body: { summary: v.summary?.trim() ?? '' },
      });
    case 'cancel':
      return api.POST('/api/v1/referrals/{id}/cancel', { ...path, body: { reason: reason ?? '' } });
  }
}

import type { Answer } from '../../api/client';
import { useLocale } from '../../i18n/locale';

export type ReferralRow = Answer<'/api/v1/referrals', 'get'>['items'][number];
export type ReferralDetail = Answer<'/api/v1/referrals/{id}', 'get'>;
export type ReferralStatus = ReferralRow['status'];
export type FollowUp = Answer<'/api/v1/follow-ups', 'get'>['items'][number];

/**
 * Tag colours dark enough for WCAG AA on the light tint antd puts behind a custom colour (its
 * preset green, orange and gold tags fall below 4.5:1, which the accessibility scan reports).
 */
export const TONE = {
  green: '#237804',
  orange: '#ad4e00',
  gold: '#874d00',
  blue: '#0958d9',
  cyan: '#006d75',
  volcano: '#ad2102',
  purple: '#531dab',
  magenta: '#9e1068',
  red: '#cf1322',
  geekblue: '#1d39c4',
  default: 'default',
} as const;

/** 转诊状态 as a coordinator says it, and the tag colour that tells them apart at a glance. */
export const STATUS: Record<ReferralStatus, { label: string; color: string }> = {
  SUBMITTED: { label: '待接收', color: TONE.gold },
  ACCEPTED: { label: '已接收', color: TONE.blue },
  ARRIVED: { label: '已接诊', color: TONE.cyan },
  COMPLETED: { label: '已完成', color: TONE.green },
  REJECTED: { label: '已拒绝', color: TONE.volcano },
  REDIRECTED: { label: '已改派', color: TONE.purple },
  CANCELLED: { label: '已撤销', color: TONE.default },
  EXPIRED: { label: '已过期', color: TONE.default },
  NO_SHOW: { label: '未到诊', color: TONE.magenta },
};

/** Statuses that still need someone to act: these stay at the top with the green channel. */
export const OPEN_STATUSES: ReferralStatus[] = ['SUBMITTED', 'ACCEPTED', 'ARRIVED'];

export const DIRECTION: Record<ReferralRow['direction'], string> = { UP: '上转', DOWN: '下转' };

export const URGENCY: Record<string, { label: string; color: string }> = {
  ROUTINE: { label: '普通', color: TONE.default },
  URGENT: { label: '加急', color: TONE.orange },
  EMERGENCY: { label: '急诊', color: TONE.red },
};

/** Seed 002's five emergency centres (五大中心). */
export const GREEN_CHANNEL: Record<string, string> = {
  CHEST_PAIN: '胸痛中心',
  STROKE: '卒中中心',
  TRAUMA: '创伤中心',
  CRITICAL_MATERNAL: '危重孕产妇救治中心',
  CRITICAL_CHILD: '危重儿童和新生儿救治中心',
};

export const POOL: Record<string, { label: string; color: string }> = {
  REFERRAL: { label: '转诊预留', color: TONE.geekblue },
  GENERAL: { label: '普通', color: TONE.default },
};

export const RESERVATION: Record<string, string> = {
  HELD: '保留中',
  BOOKED: '已预约',
  RELEASED: '已释放',
  CONSUMED: '已使用',
};

export const BED_STATUS: Record<string, string> = {
  AVAILABLE: '空闲',
  HELD: '保留中',
  BOOKED: '已预约',
  OCCUPIED: '已入住',
  CLOSED: '停用',
};

export const FOLLOW_UP_STATUS: Record<FollowUp['status'], { label: string; color: string }> = {
  SCHEDULED: { label: '待随访', color: TONE.blue },
  OVERDUE: { label: '已逾期', color: TONE.red },
  DONE: { label: '已完成', color: TONE.green },
  CANCELLED: { label: '已取消', color: TONE.default },
};

export const FOLLOW_UP_OUTCOME: Record<string, string> = {
  STABLE: '病情稳定',
  IMPROVED: '好转',
  WORSENED: '加重',
  READMITTED: '再次入院',
  UNREACHABLE: '无法联系',
  DECEASED: '死亡',
};

/** The same labels in English, for the header's language switch (colours stay as above). */
const EN_STATUS: Record<ReferralStatus, string> = {
  SUBMITTED: 'Awaiting receipt',
  ACCEPTED: 'Accepted',
  ARRIVED: 'Arrived',
  COMPLETED: 'Completed',
  REJECTED: 'Rejected',
  REDIRECTED: 'Redirected',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired',
  NO_SHOW: 'No-show',
};
const EN_URGENCY: Record<string, string> = {
  ROUTINE: 'Routine',
  URGENT: 'Urgent',
  EMERGENCY: 'Emergency',
};
const EN_POOL: Record<string, string> = { REFERRAL: 'Referral reserve', GENERAL: 'General' };
const EN_FOLLOW_UP_STATUS: Record<FollowUp['status'], string> = {
  SCHEDULED: 'Scheduled',
  OVERDUE: 'Overdue',
  DONE: 'Done',
  CANCELLED: 'Cancelled',
};

/** Re-label a `{ label, color }` map, keeping its colours. */
function relabel<K extends string>(
  map: Record<K, { label: string; color: string }>,
  labels: Record<string, string>,
): Record<K, { label: string; color: string }> {
  return Object.fromEntries(
    Object.entries<{ label: string; color: string }>(map).map(([k, v]) => [
      k,
      { ...v, label: labels[k] ?? v.label },
    ]),
  ) as Record<K, { label: string; color: string }>;
}

const EN_LABELS = {
  STATUS: relabel(STATUS, EN_STATUS),
  DIRECTION: { UP: 'Up-referral', DOWN: 'Down-referral' } as Record<
    ReferralRow['direction'],
    string
  >,
  URGENCY: relabel(URGENCY, EN_URGENCY),
  GREEN_CHANNEL: {
    CHEST_PAIN: 'Chest pain centre',
    STROKE: 'Stroke centre',
    TRAUMA: 'Trauma centre',
    CRITICAL_MATERNAL: 'Critical maternal care centre',
    CRITICAL_CHILD: 'Critical child and newborn care centre',
  } as Record<string, string>,
  POOL: relabel(POOL, EN_POOL),
  RESERVATION: {
    HELD: 'Held',
    BOOKED: 'Booked',
    RELEASED: 'Released',
    CONSUMED: 'Used',
  } as Record<string, string>,
  BED_STATUS: {
    AVAILABLE: 'Free',
    HELD: 'Held',
    BOOKED: 'Booked',
    OCCUPIED: 'Occupied',
    CLOSED: 'Closed',
  } as Record<string, string>,
  FOLLOW_UP_STATUS: relabel(FOLLOW_UP_STATUS, EN_FOLLOW_UP_STATUS),
  FOLLOW_UP_OUTCOME: {
    STABLE: 'Stable',
    IMPROVED: 'Improved',
    WORSENED: 'Worsened',
    READMITTED: 'Readmitted',
    UNREACHABLE: 'Unreachable',
    DECEASED: 'Deceased',
  } as Record<string, string>,
};
const ZH_LABELS: typeof EN_LABELS = {
  STATUS,
  DIRECTION,
  URGENCY,
  GREEN_CHANNEL,
  POOL,
  RESERVATION,
  BED_STATUS,
  FOLLOW_UP_STATUS,
  FOLLOW_UP_OUTCOME,
};

/** The label maps in the language the header's switch chose. */
export function useLabels(): typeof EN_LABELS {
  return useLocale().lang === 'zh' ? ZH_LABELS : EN_LABELS;
}

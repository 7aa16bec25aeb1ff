import { type EventEnvelope, type EventPayload, eventSchemas, type Role } from '@app/shared';

/** How hard the console must make a notice to miss: CRITICAL ones interrupt. */
export const URGENCIES = ['CRITICAL', 'HIGH', 'NORMAL'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const RESOURCE_TYPES = ['referral', 'follow_up', 'study', 'critical_finding'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * Who a notice is for: people with `role` at an institution, readers of a reading center, or
 * (neither set) everyone with the role in the event's community.
 */
export interface Audience {
  role: Role;
  institutionId?: string;
  centerId?: string;
}

export interface NoticeDraft {
  urgency: Urgency;
  title: string;
  body: string;
  resource: { type: ResourceType; id: string };
  /** The console's route for the resource (not an API path). */
  link: string;
  audiences: Audience[];
}

export interface ReferralParties {
  direction: 'UP' | 'DOWN';
  fromInstitutionId: string;
  toInstitutionId: string;
}

/** What a rule may look up beyond the event: names for the text, a referral's parties. */
export interface NoticeLookup {
  institutionName(id: string): Promise<string | undefined>;
  referralParties(referralId: string): Promise<ReferralParties | undefined>;
}

/** The 急诊急救“五大中心” of seed 002, as the console shows them. */
const CHANNEL_NAMES: Record<string, string> = {
  CHEST_PAIN: '胸痛',
  STROKE: '卒中',
  TRAUMA: '创伤',
  CRITICAL_MATERNAL: '危重孕产妇',
  CRITICAL_CHILD: '危重儿童和新生儿',
};
const PRIORITY_NAMES: Record<string, string> = { STAT: '急诊', URGENT: '加急', ROUTINE: '常规' };
const DIRECTION_NAMES = { UP: '上转', DOWN: '下转' } as const;

/** Beijing time, `MM-DD HH:mm`: the county's clock, whatever the server's zone. */
export function beijingTime(iso: string): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  return new Date(t + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' ');
}

/** Free text from another person (a send-back reason) is shortened, never trusted as markup. */
function excerpt(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const at = (institutionId: string, ...roles: Role[]): Audience[] =>
  roles.map((role) => ({ role, institutionId }));

type Rule<T extends keyof typeof eventSchemas> = (
  p: EventPayload<T>,
  lookup: NoticeLookup,
) => Promise<NoticeDraft | undefined>;

/**
 * One rule per event type that someone must act on: who is told, how urgently, in what words.
 * Types not listed make no notice; adding one is adding a line here (and a row in
 * docs/notifications.md).
 */
const RULES: { [T in keyof typeof eventSchemas]?: Rule<T> } = {
  // Seed 002: 呼叫即急救，上车即入院 — the receiving side prepares before the patient arrives.
  'referral.green_channel': async (p, lookup) => {
    const channel = CHANNEL_NAMES[p.greenChannel] ?? p.greenChannel;
    const from = (await lookup.institutionName(p.fromInstitutionId)) ?? '基层医疗机构';
    const bed = p.bedNumber ? `已预留床位 ${p.bedNumber}` : '尚未预留床位，请立即安排';
    return {
      urgency: 'CRITICAL',
      title: `绿色通道：${channel}患者即将到达`,
      body: `${from}经${channel}绿色通道转来急诊患者，已自动接收，${bed}。请做好接诊准备。`,
      resource: { type: 'referral', id: p.referralId },
      link: `/referrals/${p.referralId}`,
      audiences: at(p.toInstitutionId, 'referral_coordinator', 'clinician'),
    };
  },
  'referral.escalated': async (p, lookup) => {
    const from = (await lookup.institutionName(p.fromInstitutionId)) ?? '转出机构';
    return {
      urgency: 'HIGH',
      title: '转诊申请超时未处理',
      body: `${from}的${DIRECTION_NAMES[p.direction]}申请已等待 ${p.waitingMinutes} 分钟，请尽快接收、拒绝或改派。`,
      resource: { type: 'referral', id: p.referralId },
      link: `/referrals/${p.referralId}`,
      audiences: at(p.toInstitutionId, 'referral_coordinator'),
    };
  },
  // Either party records the 回访 (seed 001 四（五）), so both institutions' coordinators are told;
  // a referral the gateway never saw (older than the stream) goes to the community's admins.
  'follow_up.overdue': async (p, lookup) => {
    const parties = await lookup.referralParties(p.referralId);
    const audiences: Audience[] = parties
      ? [
          ...at(parties.toInstitutionId, 'referral_coordinator'),
          ...at(parties.fromInstitutionId, 'referral_coordinator'),
        ]
      : [{ role: 'community_admin' }];
    return {
      urgency: 'NORMAL',
      title: '转诊患者随访逾期',
      body: `随访已于 ${beijingTime(p.dueAt)} 到期，尚未登记随访结果，请尽快回访并登记。`,
      resource: { type: 'follow_up', id: p.followUpId },
      link: `/referrals/${p.referralId}#follow-up`,
      audiences,
    };
  },
  'critical.raised': async (p) => ({
    urgency: 'CRITICAL',
    title: '危急值：请立即处理',
    body: `诊断中心报告了危急值，请在 ${beijingTime(p.ackDeadline)} 前确认并处置。`,
    resource: { type: 'critical_finding', id: p.findingId },
    link: `/studies/${p.studyId}?finding=${p.findingId}`,
    audiences: at(p.institutionId, 'clinician'),
  }),
  'critical.escalated': async (p) => ({
    urgency: 'CRITICAL',
    title: '危急值超时未确认，已升级',
    body: `危急值已发出 ${p.minutesOpen} 分钟仍无人确认，请立即联系患者并处置。`,
    resource: { type: 'critical_finding', id: p.findingId },
    link: `/studies/${p.studyId}?finding=${p.findingId}`,
    audiences: [...at(p.institutionId, 'clinician'), { role: 'community_admin' }],
  }),
  // Study events written before institutionId travelled with them name nobody: no notice.
  'study.returned': async (p) => {
    if (!p.institutionId) return undefined;
    return {
      urgency: 'NORMAL',
      title: '检查被诊断中心退回',
      body: `退回原因：${excerpt(p.reason)}。请按要求处理后重新申请诊断。`,
      resource: { type: 'study', id: p.studyId },
      link: `/studies/${p.studyId}`,
      audiences: at(p.institutionId, 'clinician'),
    };
  },
  'turnaround.breached': async (p) => ({
    urgency: 'HIGH',
    title: '诊断超时',
    body: `一项${PRIORITY_NAMES[p.priority] ?? p.priority}检查已超过报告时限（${beijingTime(p.dueAt)}），优先级升为${PRIORITY_NAMES[p.newPriority] ?? p.newPriority}，请尽快阅片。`,
    resource: { type: 'study', id: p.studyId },
    link: `/worklist?study=${p.studyId}`,
    audiences: (['reader', 'senior_reader'] as const).map((role) => ({
      role,
      centerId: p.centerId,
    })),
  }),
};

/** The event types that make notices (docs and the consumer's filter read this). */
export const NOTICE_EVENT_TYPES = Object.keys(RULES);

/** The notice an event makes, or undefined: not a notice type, or a payload we cannot read. */
export async function draftFor(
  event: EventEnvelope,
  lookup: NoticeLookup,
): Promise<NoticeDraft | undefined> {
  const type = event.type as keyof typeof eventSchemas;
  const rule = RULES[type] as Rule<typeof type> | undefined;
  if (!rule) return undefined;
  const parsed = eventSchemas[type].safeParse(event.payload);
  if (!parsed.success) return undefined;
  return rule(parsed.data as never, lookup);
}

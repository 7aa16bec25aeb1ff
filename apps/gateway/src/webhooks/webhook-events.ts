import { z } from 'zod';
import { type ApiScope, type EventEnvelope, type EventType, eventSchemas } from '@app/shared';

/**
 * The events an API client may subscribe to (G3): referral transitions, reports, critical
 * results and received studies. One typed list: the registration API validates against it,
 * the fan-out routes by it, and docs/webhooks.md describes it.
 */
export const WEBHOOK_EVENT_TYPES = [
  'referral.submitted',
  'referral.accepted',
  'referral.rejected',
  'referral.redirected',
  'referral.arrived',
  'referral.completed',
  'referral.cancelled',
  'referral.expired',
  'referral.no_show',
  'referral.escalated',
  'referral.green_channel',
  'study.received',
  'report.finalized',
  'report.amended',
  'critical.raised',
  'critical.acknowledged',
  'critical.escalated',
] as const satisfies readonly EventType[];
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

/** Where an event goes and in which queue it waits its turn. */
export interface WebhookRoute {
  type: WebhookEventType;
  /** Deliveries with the same key reach an endpoint in order (one referral, one study). */
  orderingKey: string;
  /** Institutions party to the event: only their clients' endpoints receive it. */
  institutionIds: string[];
  /** What the receiving client must hold to be told (its scopes are checked at fan-out). */
  scope: ApiScope;
}

const referralParties = z.object({
  referralId: z.string().uuid(),
  fromInstitutionId: z.string().uuid(),
  toInstitutionId: z.string().uuid(),
});
const studyParty = z.object({
  studyId: z.string().uuid(),
  institutionId: z.string().uuid().optional(),
});

/**
 * The route of an event, or undefined when it is not a webhook event or names no party. Study
 * events written before `institutionId` travelled with them name nobody, so they go nowhere:
 * when unsure whose an event is, it is not sent.
 */
export function routeOf(event: EventEnvelope): WebhookRoute | undefined {
  const parsed = webhookEventTypeSchema.safeParse(event.type);
  if (!parsed.success || !event.communityId) return undefined;
  const type = parsed.data;
  if (!eventSchemas[type].safeParse(event.payload).success) return undefined;
  if (type.startsWith('referral.')) {
    const p = referralParties.parse(event.payload);
    return {
      type,
      orderingKey: `referral:${p.referralId}`,
      institutionIds: [...new Set([p.fromInstitutionId, p.toInstitutionId])],
      scope: 'referrals:read',
    };
  }
  const p = studyParty.parse(event.payload);
  if (!p.institutionId) return undefined;
  return {
    type,
    orderingKey: `study:${p.studyId}`,
    institutionIds: [p.institutionId],
    scope: 'studies:read',
  };
}

/** The scope a client needs to subscribe to a type (the same check as at fan-out). */
export function scopeFor(type: WebhookEventType): ApiScope {
  return type.startsWith('referral.') ? 'referrals:read' : 'studies:read';
}

/**
 * The body every receiver gets, as Standard Webhooks recommends (`type`, `timestamp`, `data`),
 * plus the event's own id and its community. Built once and stored, so every retry signs the
 * same bytes.
 */
export function webhookBody(event: EventEnvelope, type: WebhookEventType): string {
  return JSON.stringify({
    type,
    timestamp: event.occurredAt,
    eventId: event.id,
    communityId: event.communityId,
    data: event.payload,
  });
}

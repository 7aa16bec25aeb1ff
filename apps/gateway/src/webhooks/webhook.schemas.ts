import { z } from 'zod';
import { instant, optionalText, pageQuery } from '@app/shared';
import { webhookEventTypeSchema } from './webhook-events';

/** The longest both the old and the new secret sign after a rotation. */
export const MAX_SECRET_OVERLAP_SECONDS = 7 * 24 * 3600;

/** Why a webhook URL is unacceptable in itself (where it resolves is checked separately). */
function urlProblem(value: string): string | undefined {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return 'not a URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'only http and https';
  if (u.username || u.password) return 'no credentials in the URL';
  if (u.hash) return 'no #fragment';
  return undefined;
}
const url = z
  .string()
  .trim()
  .max(2000)
  .superRefine((v, ctx) => {
    const problem = urlProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const eventTypes = z
  .array(webhookEventTypeSchema)
  .min(1)
  .max(webhookEventTypeSchema.options.length)
  .refine((t) => new Set(t).size === t.length, 'eventTypes: each type once');

export const newEndpointSchema = z.strictObject({
  url,
  eventTypes,
  description: optionalText(200),
  /** A community admin registers for one of the community's clients; a client for itself. */
  clientId: z.string().uuid().optional(),
});

export const updateEndpointSchema = z
  .strictObject({
    url: url.optional(),
    eventTypes: eventTypes.optional(),
    description: optionalText(200),
    /** true re-enables an endpoint disabled by a 410 or by hand; what waited is sent then. */
    active: z.boolean().optional(),
  })
  .refine(
    (v) => Object.keys(v).length > 0,
    'Send at least one of url, eventTypes, description, active',
  );

export const rotateSecretSchema = z.strictObject({
  /** How long the previous secret keeps signing beside the new one. */
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(MAX_SECRET_OVERLAP_SECONDS)
    .default(24 * 3600),
});

export const endpointQuery = z.object({ clientId: z.string().uuid().optional() });

export const DELIVERY_STATUSES = ['PENDING', 'FAILED', 'DELIVERED', 'DEAD'] as const;
export const deliveryQuery = pageQuery.extend({
  status: z.enum(DELIVERY_STATUSES).optional(),
  since: instant.optional(),
});
export const replaySinceSchema = z.strictObject({ since: instant });

export const endpointSchema = z.object({
  id: z.string().uuid(),
  clientId: z.string().uuid(),
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(webhookEventTypeSchema),
  active: z.boolean(),
  disabledReason: z.string().nullable(),
  previousSecretExpiresAt: z.string().nullable(),
  createdAt: z.string(),
});
export const endpointWithSecretSchema = endpointSchema.extend({
  /** `whsec_…`, shown once: verify signatures with it. */
  secret: z.string(),
});

export const deliverySchema = z.object({
  id: z.string().uuid(),
  endpointId: z.string().uuid(),
  eventId: z.string().uuid(),
  eventType: z.string(),
  orderingKey: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastLatencyMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export const deliveryDetailSchema = deliverySchema.extend({
  body: z.string(),
  attemptLog: z.array(
    z.object({
      at: z.string(),
      statusCode: z.number().int().nullable(),
      latencyMs: z.number().int(),
      error: z.string().nullable(),
    }),
  ),
});

export type NewEndpoint = z.infer<typeof newEndpointSchema>;
export type UpdateEndpoint = z.infer<typeof updateEndpointSchema>;

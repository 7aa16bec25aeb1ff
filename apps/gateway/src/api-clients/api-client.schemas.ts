import { z } from 'zod';
import { API_SCOPES, text } from '@app/shared';

/** The longest a rotated-out key may keep working: a week covers a change window and a weekend. */
export const MAX_KEY_GRACE_SECONDS = 7 * 24 * 3600;
export const DEFAULT_KEY_GRACE_SECONDS = 24 * 3600;

const scopes = z
  .array(z.enum(API_SCOPES))
  .min(1)
  .max(API_SCOPES.length)
  .refine((s) => new Set(s).size === s.length, 'scopes: each scope once');
/** Per minute, replacing RATE_LIMIT_PER_MINUTE for this client; null returns it to the default. */
const rateLimit = z.number().int().min(1).max(1_000_000);

export const newApiClientSchema = z.strictObject({
  name: text(100),
  institutionId: z.string().uuid(),
  scopes,
  rateLimitPerMinute: rateLimit.optional(),
});

export const updateApiClientSchema = z
  .strictObject({
    name: text(100).optional(),
    scopes: scopes.optional(),
    rateLimitPerMinute: rateLimit.nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine(
    (v) => Object.keys(v).length > 0,
    'Send at least one of name, scopes, rateLimitPerMinute, active',
  );

export const rotateKeySchema = z.strictObject({
  /** How long the old key keeps working; 0 ends it at once. */
  graceSeconds: z
    .number()
    .int()
    .min(0)
    .max(MAX_KEY_GRACE_SECONDS)
    .default(DEFAULT_KEY_GRACE_SECONDS),
});

export const apiClientSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  institutionId: z.string().uuid(),
  scopes: z.array(z.enum(API_SCOPES)),
  rateLimitPerMinute: z.number().int().nullable(),
  active: z.boolean(),
  revokedAt: z.string().nullable(),
  keyPrefix: z.string(),
  previousKeyExpiresAt: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export const apiClientWithKeySchema = apiClientSchema.extend({
  /** Shown once: only its hash is kept. */
  apiKey: z.string(),
});

export type NewApiClient = z.infer<typeof newApiClientSchema>;
export type UpdateApiClient = z.infer<typeof updateApiClientSchema>;
export type ApiClientView = z.infer<typeof apiClientSchema>;

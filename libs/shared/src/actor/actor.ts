import { z } from 'zod';

export const ROLES = [
  'clinician',
  'referral_coordinator',
  'reader',
  'senior_reader',
  'community_admin',
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/**
 * Who is asking. The gateway authenticates and builds it; services receive it in NATS
 * headers and scope every query by it. Ids inside payloads are never trusted for scoping.
 */
export const actorSchema = z.object({
  /** A modality (DICOM AE) acts for its institution, as registered by the community admin. */
  kind: z.enum(['user', 'api_client', 'modality', 'hl7_client']),
  id: z.string().uuid(),
  name: z.string().max(200),
  institutionId: z.string().uuid(),
  communityId: z.string().uuid(),
  roles: z.array(roleSchema).max(ROLES.length),
  scopes: z.array(z.string().max(64)).max(32).default([]),
  /** The reading centers (department ids) a reader reads for; empty for everyone else. */
  centerIds: z.array(z.string().uuid()).max(64).default([]),
});
export type Actor = z.infer<typeof actorSchema>;

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}

/** A reader of this reading center (D3): readers claim and report only for their centers. */
export function readsFor(actor: Actor, centerId: string | null): boolean {
  return (
    centerId !== null &&
    hasRole(actor, 'reader', 'senior_reader') &&
    actor.centerIds.includes(centerId)
  );
}

export const HEADER_ACTOR = 'Cmc-Actor';
export const HEADER_CORRELATION = 'Cmc-Correlation-Id';

export function encodeActor(actor: Actor): string {
  return Buffer.from(JSON.stringify(actor), 'utf8').toString('base64url');
}

export function decodeActor(value: string | undefined): Actor | undefined {
  if (!value) return undefined;
  try {
    const parsed = actorSchema.safeParse(
      JSON.parse(Buffer.from(value, 'base64url').toString('utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

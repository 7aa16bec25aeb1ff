import type { Actor } from '@app/shared';

/**
 * Who manages which endpoints: an API client (scope webhooks:manage) its own, a community admin
 * those of every client of the community. The fragment joins `c` (api_clients) and `i` (its
 * institution); anything outside it answers 404, as if it did not exist.
 */
export function visibleTo(actor: Actor, firstParam: number): { sql: string; args: unknown[] } {
  const own = actor.kind === 'api_client' ? actor.id : null;
  return {
    sql: `i.community_id = $${firstParam} AND ($${firstParam + 1}::uuid IS NULL OR c.id = $${firstParam + 1}::uuid)`,
    args: [actor.communityId, own],
  };
}

export const ENDPOINT_FROM = `gateway.webhook_endpoints e
  JOIN gateway.api_clients c ON c.id = e.client_id
  JOIN gateway.institutions i ON i.id = c.institution_id`;

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** Row timestamps as ISO strings (pg gives Date objects). */
export function isoFields<T extends Record<string, unknown>>(row: T, fields: (keyof T)[]): T {
  const out = { ...row };
  for (const f of fields) out[f] = iso(row[f]) as T[keyof T];
  return out;
}

import type { Actor } from '@app/shared';
import type { Audience } from './notice-rules';

/**
 * Who sees a notice, said twice: as SQL for lists, counts and replays, and in memory for the
 * live push (one query per new notice for every open stream would not scale). The two must
 * agree; the e2e suite checks both against the same people.
 */
export interface Addressed {
  communityId: string;
  audiences: Audience[];
}

export function addressedTo(actor: Actor, notice: Addressed): boolean {
  if (actor.kind !== 'user' || actor.communityId !== notice.communityId) return false;
  return notice.audiences.some(
    (a) =>
      actor.roles.includes(a.role) &&
      (!a.institutionId || a.institutionId === actor.institutionId) &&
      (!a.centerId || actor.centerIds.includes(a.centerId)),
  );
}

/**
 * The same rule for `gateway.notifications n`: parameters $start… are the actor's community,
 * roles, institution and reading centers.
 */
export function visibleSql(actor: Actor, start: number): { sql: string; args: unknown[] } {
  const [community, roles, institution, centers] = [0, 1, 2, 3].map((i) => `$${start + i}`);
  return {
    sql: `n.community_id = ${community} AND EXISTS (
      SELECT 1 FROM gateway.notification_audiences a
       WHERE a.notification_id = n.id AND a.role = ANY(${roles}::text[])
         AND (a.institution_id IS NULL OR a.institution_id = ${institution})
         AND (a.center_id IS NULL OR a.center_id = ANY(${centers}::uuid[])))`,
    args: [actor.communityId, actor.roles, actor.institutionId, actor.centerIds],
  };
}

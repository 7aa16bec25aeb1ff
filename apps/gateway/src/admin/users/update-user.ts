import { EntityManager } from 'typeorm';
import { Actor, AppError, ErrorCode, UpdateUser } from '@app/shared';
import { findUser, assertPlacement, replaceCenters } from './user-rows';

/**
 * Display name, roles, institution and reading centers. A reader who loses the reader roles
 * loses their centers too unless new ones are sent (which then fails validation). An admin
 * cannot take away their own admin role: the community would risk having none.
 */
export async function updateUser(
  m: EntityManager,
  actor: Actor,
  id: string,
  input: UpdateUser,
): Promise<void> {
  const current = await findUser(m, actor, id, true);
  const roles = input.roles ?? current.roles;
  if (id === actor.id && !roles.includes('community_admin'))
    throw new AppError(ErrorCode.CONFLICT, 'You cannot remove your own community_admin role', [
      { path: 'roles', message: 'would remove your own admin role' },
    ]);
  const reads = roles.some((r) => r === 'reader' || r === 'senior_reader');
  const centerIds = input.centerIds ?? (reads ? current.centerIds : []);
  await assertPlacement(m, actor, { institutionId: input.institutionId, roles, centerIds });
  await m.query(
    `UPDATE gateway.users SET display_name = coalesce($2, display_name), roles = $3,
       institution_id = coalesce($4, institution_id), updated_at = now() WHERE id = $1`,
    [id, input.displayName ?? null, roles, input.institutionId ?? null],
  );
  await replaceCenters(m, id, centerIds);
}

/** Disabled users cannot sign in, and their tokens stop within ACTOR_CACHE_SECONDS. */
export async function setUserActive(
  m: EntityManager,
  actor: Actor,
  id: string,
  active: boolean,
): Promise<void> {
  await findUser(m, actor, id, true);
  if (id === actor.id && !active)
    throw new AppError(ErrorCode.CONFLICT, 'You cannot disable your own account');
  await m.query(`UPDATE gateway.users SET active = $2, updated_at = now() WHERE id = $1`, [
    id,
    active,
  ]);
}

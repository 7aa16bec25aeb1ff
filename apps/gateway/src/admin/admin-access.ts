import { EntityManager } from 'typeorm';
import { Actor, AppError, ErrorCode } from '@app/shared';

/** Every admin route: community admins only, no API client whatever its scopes. */
export const ADMIN = { roles: ['community_admin' as const] };

/**
 * A unique constraint PostgreSQL refused (a code or username already taken, a second lead
 * hospital) as a 409 naming the field; anything else is rethrown as it was.
 */
export function conflictOnDuplicate(error: unknown, field: string, what: string): never {
  const e = error as { code?: string; driverError?: { code?: string } };
  if ((e.driverError?.code ?? e.code) === '23505')
    throw new AppError(ErrorCode.CONFLICT, `${what} already exists`, [
      { path: field, message: 'already taken' },
    ]);
  throw error;
}

/**
 * An institution of the admin's own community that a new or changed row points at (`field`:
 * institutionId, parentId): its level, or a 400 naming the field, as for one that does not exist.
 */
export async function communityInstitution(
  actor: Actor,
  m: EntityManager,
  id: string,
  field: string,
): Promise<{ level: number }> {
  const [institution] = await m.query(
    `SELECT level FROM gateway.institutions WHERE id = $1 AND community_id = $2`,
    [id, actor.communityId],
  );
  if (!institution)
    throw AppError.validation(`${field}: no such institution in your community`, [
      { path: field, message: 'unknown institution' },
    ]);
  return institution;
}

import { EntityManager } from 'typeorm';
import { Actor, AppError, Role, UserAdminView } from '@app/shared';

/** Never the password hash: the admin API has no way to read it. */
export const USER_COLUMNS = `u.id, u.username, u.display_name AS "displayName", u.institution_id AS "institutionId",
  u.roles, u.active, u.created_at AS "createdAt", u.password_changed_at AS "passwordChangedAt",
  array(SELECT r.center_id FROM gateway.reading_center_readers r WHERE r.user_id = u.id ORDER BY r.center_id) AS "centerIds"`;

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

export function userView(row: Record<string, unknown>): UserAdminView {
  return {
    ...(row as unknown as UserAdminView),
    createdAt: iso(row.createdAt)!,
    passwordChangedAt: iso(row.passwordChangedAt),
  };
}

export async function findUser(
  m: EntityManager,
  actor: Actor,
  id: string,
  lock = false,
): Promise<UserAdminView> {
  const [row] = await m.query(
    `SELECT ${USER_COLUMNS} FROM gateway.users u JOIN gateway.institutions i ON i.id = u.institution_id
      WHERE u.id = $1 AND i.community_id = $2 ${lock ? 'FOR UPDATE OF u' : ''}`,
    [id, actor.communityId],
  );
  if (!row) throw AppError.notFound('User');
  return userView(row);
}

/**
 * Where a user may be placed: an active institution of the admin's community, and reading
 * centers of that community only for someone who reads (reader, senior reader).
 */
export async function assertPlacement(
  m: EntityManager,
  actor: Actor,
  placement: { institutionId?: string; roles: Role[]; centerIds?: string[] },
): Promise<void> {
  if (placement.institutionId) {
    const [institution] = await m.query(
      `SELECT active FROM gateway.institutions WHERE id = $1 AND community_id = $2`,
      [placement.institutionId, actor.communityId],
    );
    if (!institution?.active)
      throw AppError.validation('institutionId: no such active institution in your community', [
        { path: 'institutionId', message: 'unknown or disabled institution' },
      ]);
  }
  const centers = placement.centerIds ?? [];
  if (centers.length === 0) return;
  if (!placement.roles.some((r) => r === 'reader' || r === 'senior_reader'))
    throw AppError.validation('centerIds: only a reader or senior reader reads for a center', [
      { path: 'centerIds', message: 'the user has no reader role' },
    ]);
  const [{ n }] = await m.query(
    `SELECT count(*)::int AS n FROM gateway.departments d JOIN gateway.institutions i ON i.id = d.institution_id
      WHERE d.id = ANY($1::uuid[]) AND i.community_id = $2 AND d.active
        AND d.kind IN ('IMAGING_CENTER', 'ECG_CENTER')`,
    [centers, actor.communityId],
  );
  if (n !== centers.length)
    throw AppError.validation(
      'centerIds: each must be an active reading center of your community',
      [{ path: 'centerIds', message: 'unknown, disabled or not a reading center' }],
    );
}

export async function replaceCenters(m: EntityManager, userId: string, centerIds: string[]) {
  await m.query(`DELETE FROM gateway.reading_center_readers WHERE user_id = $1`, [userId]);
  if (centerIds.length)
    await m.query(
      `INSERT INTO gateway.reading_center_readers (user_id, center_id) SELECT $1, unnest($2::uuid[])`,
      [userId, centerIds],
    );
}

/** A password that contains the username is refused, whatever its strength. */
export function assertPasswordFor(username: string, password: string, field: string): void {
  if (password.toLowerCase().includes(username.toLowerCase()))
    throw AppError.validation(`${field}: must not contain the username`, [
      { path: field, message: 'contains the username' },
    ]);
}

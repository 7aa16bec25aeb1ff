import { EntityManager } from 'typeorm';
import { Actor, AppError } from '@app/shared';
import { hashPassword, verifyPassword } from '../../auth/secrets';
import { assertPasswordFor, findUser } from './user-rows';

async function store(m: EntityManager, id: string, password: string): Promise<string> {
  await m.query(
    `UPDATE gateway.users SET password_hash = $2, password_changed_at = now(), updated_at = now()
      WHERE id = $1`,
    [id, await hashPassword(password)],
  );
  // (TypeORM answers an UPDATE … RETURNING as [rows, count]: read the value back instead.)
  const [row] = await m.query(`SELECT password_changed_at FROM gateway.users WHERE id = $1`, [id]);
  return new Date(row.password_changed_at).toISOString();
}

/** An admin sets a new password for a user of the community (who forgot theirs). */
export async function resetPassword(
  m: EntityManager,
  actor: Actor,
  id: string,
  newPassword: string,
): Promise<string> {
  const user = await findUser(m, actor, id, true);
  assertPasswordFor(user.username, newPassword, 'newPassword');
  return store(m, id, newPassword);
}

/**
 * A signed-in user changes their own password; the current one is required, so a token left
 * on an unlocked screen is not enough to take the account over.
 */
export async function changeOwnPassword(
  m: EntityManager,
  actor: Actor,
  currentPassword: string,
  newPassword: string,
): Promise<{ ok: boolean; passwordChangedAt?: string }> {
  const [user] = await m.query(
    `SELECT username, password_hash FROM gateway.users WHERE id = $1 AND active FOR UPDATE`,
    [actor.id],
  );
  if (!user) throw AppError.unauthenticated('The account is disabled');
  if (!(await verifyPassword(currentPassword, user.password_hash))) return { ok: false };
  assertPasswordFor(user.username, newPassword, 'newPassword');
  if (currentPassword === newPassword)
    throw AppError.validation('newPassword: must differ from the current password', [
      { path: 'newPassword', message: 'same as the current password' },
    ]);
  return { ok: true, passwordChangedAt: await store(m, actor.id, newPassword) };
}

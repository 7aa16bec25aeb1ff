import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor, NewUser } from '@app/shared';
import { hashPassword } from '../../auth/secrets';
import { assertPasswordFor, assertPlacement, replaceCenters } from './user-rows';

/** A new login of the admin's community, with its initial password (scrypt, as sign-in checks). */
export async function createUser(m: EntityManager, actor: Actor, input: NewUser): Promise<string> {
  assertPasswordFor(input.username, input.password, 'password');
  await assertPlacement(m, actor, input);
  const id = randomUUID();
  await m.query(
    `INSERT INTO gateway.users (id, username, display_name, password_hash, institution_id, roles, password_changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())`,
    [
      id,
      input.username,
      input.displayName,
      await hashPassword(input.password),
      input.institutionId,
      input.roles,
    ],
  );
  await replaceCenters(m, id, input.centerIds);
  return id;
}

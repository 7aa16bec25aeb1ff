import { AppError, ErrorCode } from '@app/shared';

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

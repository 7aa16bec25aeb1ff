import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AppError, NewUser, UpdateUser, UserAdminView } from '@app/shared';
import { AuditOrigin, AuditService } from '../../audit/audit.service';
import { AuthThrottle } from '../../auth/auth-throttle';
import { AuthService } from '../../auth/auth.service';
import { conflictOnDuplicate } from '../admin-access';
import { createUser } from './create-user';
import { setUserActive, updateUser } from './update-user';
import { changeOwnPassword, resetPassword } from './user-passwords';
import { findUser, USER_COLUMNS, userView } from './user-rows';

/**
 * The users of the admin's community (another community's user is 404). Each use case lives in
 * its own file; this service runs it in a transaction with its audit row.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly throttle: AuthThrottle,
    private readonly auth: AuthService,
  ) {}

  async list(actor: Actor): Promise<{ items: UserAdminView[] }> {
    const rows = await this.ds.query(
      `SELECT ${USER_COLUMNS} FROM gateway.users u JOIN gateway.institutions i ON i.id = u.institution_id
        WHERE i.community_id = $1 ORDER BY u.username`,
      [actor.communityId],
    );
    return { items: rows.map(userView) };
  }

  get(actor: Actor, id: string) {
    return findUser(this.ds.manager, actor, id);
  }

  async create(actor: Actor, input: NewUser, origin: AuditOrigin) {
    return this.ds
      .transaction(async (m) => {
        const id = await createUser(m, actor, input);
        return this.audited(actor, m, id, 'create', origin);
      })
      .catch((error) => conflictOnDuplicate(error, 'username', 'A user with this username'));
  }

  async update(actor: Actor, id: string, input: UpdateUser, origin: AuditOrigin) {
    const user = await this.ds.transaction(async (m) => {
      await updateUser(m, actor, id, input);
      return this.audited(actor, m, id, 'update', origin);
    });
    this.auth.forgetUser(id);
    return user;
  }

  async setActive(actor: Actor, id: string, active: boolean, origin: AuditOrigin) {
    const user = await this.ds.transaction(async (m) => {
      await setUserActive(m, actor, id, active);
      return this.audited(actor, m, id, 'update', origin);
    });
    this.auth.forgetUser(id);
    return user;
  }

  /** Ends the user's existing sessions too: their tokens predate the change. */
  async resetPassword(actor: Actor, id: string, newPassword: string, origin: AuditOrigin) {
    const user = await this.ds.transaction(async (m) => {
      await resetPassword(m, actor, id, newPassword);
      return this.audited(actor, m, id, 'update', origin, 'user_password');
    });
    this.auth.forgetUser(id);
    return user;
  }

  /** A wrong current password counts as a failed sign-in of the account (same throttle). */
  async changeOwnPassword(
    actor: Actor,
    body: { currentPassword: string; newPassword: string },
    origin: AuditOrigin,
  ) {
    if (actor.kind !== 'user') throw AppError.forbidden('API clients have no password');
    const [user] = await this.ds.query(`SELECT username FROM gateway.users WHERE id = $1`, [
      actor.id,
    ]);
    const account = { kind: 'account' as const, username: user?.username ?? actor.id };
    await this.throttle.assertAllowed(account);
    const result = await this.ds.transaction(async (m) => {
      const changed = await changeOwnPassword(m, actor, body.currentPassword, body.newPassword);
      await this.audit.record(
        actor,
        {
          action: 'update',
          resourceType: 'user_password',
          resourceId: actor.id,
          outcome: changed.ok ? 'ok' : 'denied',
        },
        origin,
        m,
      );
      return changed;
    });
    if (!result.ok) {
      await this.throttle.recordFailure(account);
      throw AppError.validation('currentPassword: wrong password', [
        { path: 'currentPassword', message: 'wrong password' },
      ]);
    }
    this.auth.forgetUser(actor.id);
    return { passwordChangedAt: result.passwordChangedAt! };
  }

  private async audited(
    actor: Actor,
    m: EntityManager,
    id: string,
    action: 'create' | 'update',
    origin: AuditOrigin,
    resourceType = 'user',
  ) {
    await this.audit.record(actor, { action, resourceType, resourceId: id }, origin, m);
    return findUser(m, actor, id);
  }
}

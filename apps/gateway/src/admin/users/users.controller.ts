import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  type Actor,
  listOf,
  type NewUser,
  newUserSchema,
  resetPasswordSchema,
  type UpdateUser,
  updateUserSchema,
  userAdminSchema,
} from '@app/shared';
import { AuditOrigin } from '../../audit/audit.service';
import { CurrentActor } from '../../auth/access.decorator';
import { Operation } from '../../common/operation';
import { IdParam, Origin } from '../../common/route-params';
import { ZodPipe } from '../../common/zod.pipe';
import { ADMIN } from '../admin-access';
import { UsersService } from './users.service';

const PASSWORD_RULE =
  'Passwords: 12 to 200 characters from at least three of lower case, upper case, digits and other characters, not containing the username.';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Operation({
    id: 'adminListUsers',
    summary: "Users of the admin's community with roles and reading centers (never passwords)",
    access: ADMIN,
    response: listOf(userAdminSchema),
  })
  list(@CurrentActor() actor: Actor) {
    return this.users.list(actor);
  }

  @Post()
  @Operation({
    id: 'adminCreateUser',
    summary: 'Create a login: institution, roles, reading centers and an initial password',
    description: PASSWORD_RULE,
    access: ADMIN,
    body: newUserSchema,
    response: userAdminSchema,
    status: 201,
    errors: [409],
  })
  create(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(newUserSchema)) body: NewUser,
    @Origin() origin: AuditOrigin,
  ) {
    return this.users.create(actor, body, origin);
  }

  @Get(':id')
  @Operation({
    id: 'adminGetUser',
    summary: 'A user of the admin’s community',
    access: ADMIN,
    uuidParams: ['id'],
    response: userAdminSchema,
    errors: [404],
  })
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  @Operation({
    id: 'adminUpdateUser',
    summary: 'Change display name, roles, institution or reading centers',
    description:
      'centerIds replaces the whole membership. Takes effect on the user’s tokens within ACTOR_CACHE_SECONDS.',
    access: ADMIN,
    uuidParams: ['id'],
    body: updateUserSchema,
    response: userAdminSchema,
    errors: [404, 409],
  })
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body(new ZodPipe(updateUserSchema)) body: UpdateUser,
    @Origin() origin: AuditOrigin,
  ) {
    return this.users.update(actor, id, body, origin);
  }

  @Post(':id/disable')
  @Operation({
    id: 'adminDisableUser',
    summary: 'Disable a user: sign-in refused, existing tokens refused within ACTOR_CACHE_SECONDS',
    access: ADMIN,
    uuidParams: ['id'],
    response: userAdminSchema,
    errors: [404, 409],
  })
  disable(@CurrentActor() actor: Actor, @IdParam() id: string, @Origin() origin: AuditOrigin) {
    return this.users.setActive(actor, id, false, origin);
  }

  @Post(':id/enable')
  @Operation({
    id: 'adminEnableUser',
    summary: 'Enable a disabled user again',
    access: ADMIN,
    uuidParams: ['id'],
    response: userAdminSchema,
    errors: [404],
  })
  enable(@CurrentActor() actor: Actor, @IdParam() id: string, @Origin() origin: AuditOrigin) {
    return this.users.setActive(actor, id, true, origin);
  }

  @Post(':id/password')
  @Operation({
    id: 'adminResetPassword',
    summary: 'Set a new password for a user who forgot theirs',
    description: PASSWORD_RULE,
    access: ADMIN,
    uuidParams: ['id'],
    body: resetPasswordSchema,
    response: userAdminSchema,
    errors: [404],
  })
  resetPassword(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body(new ZodPipe(resetPasswordSchema)) body: z.infer<typeof resetPasswordSchema>,
    @Origin() origin: AuditOrigin,
  ) {
    return this.users.resetPassword(actor, id, body.newPassword, origin);
  }
}

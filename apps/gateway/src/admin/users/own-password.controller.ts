import { Body, Controller, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type Actor, changeOwnPasswordSchema, passwordChangedSchema } from '@app/shared';
import { CurrentActor } from '../../auth/access.decorator';
import { Operation } from '../../common/operation';
import { EdgeRequest, requestOrigin } from '../../common/request-context';
import { ZodPipe } from '../../common/zod.pipe';
import { UsersService } from './users.service';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/me')
export class OwnPasswordController {
  constructor(private readonly users: UsersService) {}

  @Post('password')
  @Operation({
    id: 'changeOwnPassword',
    summary: 'Change your own password (the current one is required)',
    description:
      'A wrong currentPassword is a 400 naming the field and counts as a failed sign-in of the account. Passwords: 12 to 200 characters from at least three of lower case, upper case, digits and other characters, not containing the username.',
    access: {},
    body: changeOwnPasswordSchema,
    response: passwordChangedSchema,
  })
  change(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(changeOwnPasswordSchema)) body: z.infer<typeof changeOwnPasswordSchema>,
    @Req() req: EdgeRequest,
  ) {
    return this.users.changeOwnPassword(actor, body, requestOrigin(req));
  }
}

import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { accessTokenSchema, type Actor, actorSchema } from '@app/shared';
import { Operation, PublicOperation } from '../common/operation';
import { clientIp, EdgeRequest } from '../common/request-context';
import { ZodPipe } from '../common/zod.pipe';
import { CurrentActor, Public } from './access.decorator';
import { AuthService } from './auth.service';

const loginSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/token')
  @HttpCode(200)
  @PublicOperation({
    id: 'signIn',
    summary: 'Exchange a username and password for a bearer token (JWT)',
    description:
      'Failed attempts are counted per account and per address; past the limit the answer is 429 with Retry-After. ' +
      '401 for a wrong username or password.',
    body: loginSchema,
    response: accessTokenSchema,
    errors: [400, 401, 413, 415, 429, 431, 500, 503],
  })
  login(
    @Body(new ZodPipe(loginSchema)) body: z.infer<typeof loginSchema>,
    @Req() req: EdgeRequest,
  ) {
    return this.auth.login(body.username, body.password, clientIp(req));
  }

  @Get('me')
  @ApiBearerAuth()
  @Operation({
    id: 'whoAmI',
    summary: 'Who am I: the authenticated user or API client',
    access: { anyApiClient: true },
    response: actorSchema,
  })
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }
}

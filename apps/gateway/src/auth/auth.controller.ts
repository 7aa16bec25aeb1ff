import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type Actor, actorSchema } from '@app/shared';
import { Operation, PROBLEM_REF } from '../common/operation';
import { clientIp, EdgeRequest } from '../common/request-context';
import { openApiSchema, ZodPipe } from '../common/zod.pipe';
import { CurrentActor, Public } from './access.decorator';
import { AuthService } from './auth.service';

const loginSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});
const tokenSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
  actor: actorSchema,
});

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/token')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'signIn',
    summary: 'Exchange a username and password for a bearer token (JWT)',
    description:
      'Failed attempts are counted per account and per address; past the limit the answer is 429 with Retry-After.',
  })
  @ApiBody({ required: true, schema: openApiSchema(loginSchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(tokenSchema, 'output') })
  @ApiResponse({
    status: 401,
    description: 'Wrong username or password',
    content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } },
  })
  @ApiResponse({
    status: 429,
    description: 'Too many failed attempts; see Retry-After',
    content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } },
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

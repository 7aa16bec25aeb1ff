import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Actor } from '@app/shared';
import { openApiSchema, ZodPipe } from '../common/zod.pipe';
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
  @ApiOperation({ summary: 'Exchange a username and password for a bearer token (JWT)' })
  @ApiBody({ schema: openApiSchema(loginSchema) })
  login(@Body(new ZodPipe(loginSchema)) body: z.infer<typeof loginSchema>) {
    return this.auth.login(body.username, body.password);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who am I: the authenticated user or API client' })
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }
}

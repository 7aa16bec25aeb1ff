import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { type Actor, type AppConfig, type ConsoleSession, consoleSessionSchema } from '@app/shared';
import { CONFIG } from '../infra/tokens';
import { Operation, PublicOperation } from '../common/operation';
import { clientIp, EdgeRequest } from '../common/request-context';
import { ZodPipe } from '../common/zod.pipe';
import { CurrentActor, Public } from './access.decorator';
import { AuthService } from './auth.service';
import { SESSION_COOKIE, sessionCookieOptions, SIGNED_IN_HINT_COOKIE } from './session-cookie';

const signInSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});

/** The web console signs in here: the token goes in an HttpOnly cookie, never to page script. */
@ApiTags('auth')
@Controller('api/v1/auth/session')
export class SessionController {
  constructor(
    private readonly auth: AuthService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post()
  @HttpCode(200)
  @PublicOperation({
    id: 'startSession',
    summary: 'Sign in to the console: sets the HttpOnly session cookie, answers the CSRF token',
    description:
      'The same throttling and answers as POST /api/v1/auth/token. The cookie is SameSite=Strict; ' +
      'writes made with it must send X-CSRF-Token.',
    body: signInSchema,
    response: consoleSessionSchema,
    errors: [400, 401, 413, 415, 429, 431, 500, 503],
  })
  async start(
    @Body(new ZodPipe(signInSchema)) body: z.infer<typeof signInSchema>,
    @Req() req: EdgeRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConsoleSession> {
    const result = await this.auth.login(body.username, body.password, clientIp(req));
    const options = sessionCookieOptions(req, result.expiresIn);
    res.cookie(SESSION_COOKIE, result.accessToken, options);
    res.cookie(SIGNED_IN_HINT_COOKIE, '1', { ...options, httpOnly: false });
    return {
      actor: result.actor,
      csrfToken: this.auth.csrfFor(result.accessToken),
      expiresIn: result.expiresIn,
      viewerPort: this.viewerPort(),
    };
  }

  @Get()
  @Operation({
    id: 'currentSession',
    summary: 'Who is signed in to the console, and the CSRF token for their writes',
    access: {},
    response: consoleSessionSchema,
  })
  current(@CurrentActor() actor: Actor, @Req() req: EdgeRequest): ConsoleSession {
    return {
      actor,
      csrfToken: req.sessionToken ? this.auth.csrfFor(req.sessionToken) : null,
      viewerPort: this.viewerPort(),
    };
  }

  private viewerPort(): number | null {
    return this.config.VIEWER_PORT || null;
  }

  /** Public so that an expired session can still be cleared; it only removes the cookie. */
  @Public()
  @Delete()
  @HttpCode(200)
  @PublicOperation({
    id: 'endSession',
    summary: 'Sign out of the console: removes the session cookie',
    response: z.object({ signedOut: z.literal(true) }),
    // 400: a malformed JSON body is refused before any route, DELETE included.
    errors: [400, 500, 503],
  })
  end(@Req() req: EdgeRequest, @Res({ passthrough: true }) res: Response) {
    const { maxAge: _maxAge, ...options } = sessionCookieOptions(req, 0);
    res.clearCookie(SESSION_COOKIE, options);
    res.clearCookie(SIGNED_IN_HINT_COOKIE, { ...options, httpOnly: false });
    return { signedOut: true as const };
  }
}

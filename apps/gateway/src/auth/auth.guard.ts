import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, AppError } from '@app/shared';
import { clientIp, EdgeRequest } from '../common/request-context';
import { ACCESS_RULE, AccessRule, PUBLIC_ROUTE } from './access.decorator';
import { AuthThrottle } from './auth-throttle';
import { AuthService } from './auth.service';
import { CSRF_HEADER, sessionToken } from './session-cookie';

/**
 * Authenticates every route not marked @Public (Bearer JWT, X-API-Key, or the console's session
 * cookie with its CSRF header on writes) and applies the
 * route's role/scope rule. Community and institution scoping is the owning service's job.
 * An address with too many failed credentials is refused (429) before its next token is
 * verified or key looked up; every failed credential counts.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly throttle: AuthThrottle,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = ctx.switchToHttp().getRequest<EdgeRequest>();
    const actor = await this.authenticate(req);
    req.actor = actor;
    const rule =
      this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, targets) ?? {};
    authorize(actor, rule);
    return true;
  }

  private async authenticate(req: EdgeRequest): Promise<Actor> {
    const header = req.header('authorization');
    const apiKey = req.header('x-api-key');
    const ip = { kind: 'ip' as const, ip: clientIp(req) };
    if (!header && !apiKey) return this.fromSession(req, ip);
    await this.throttle.assertAllowed(ip);
    let actor: Actor | undefined;
    if (header) {
      const match = /^Bearer ([A-Za-z0-9._-]{1,4096})$/.exec(header);
      actor = match ? await this.auth.actorFromBearer(match[1]) : undefined;
    } else if (apiKey) {
      const identity = await this.auth.apiKeyIdentity(apiKey);
      actor = identity?.actor;
      req.rateLimitPerMinute = identity?.rateLimitPerMinute ?? undefined;
    }
    if (actor) return actor;
    await this.throttle.recordFailure(ip);
    if (!header) throw AppError.unauthenticated('The API key is invalid or revoked');
    const token = /^Bearer (.{1,4096})$/.exec(header)?.[1];
    if (token && (await this.auth.bearerFailure(token)) === 'expired')
      throw withChallenge(
        AppError.unauthenticated(
          'The bearer token has expired: sign in again (POST /api/v1/auth/token)',
        ),
        'invalid_token',
        'The access token expired',
      );
    throw withChallenge(
      AppError.unauthenticated('The bearer token is invalid, or its user is disabled'),
      'invalid_token',
      'The access token is invalid',
    );
  }

  /** The console's cookie session: the same token, plus the CSRF header on every write. */
  private async fromSession(req: EdgeRequest, ip: { kind: 'ip'; ip: string }): Promise<Actor> {
    const token = sessionToken(req);
    if (!token)
      throw AppError.unauthenticated('Send "Authorization: Bearer <token>" or "X-API-Key: <key>"');
    await this.throttle.assertAllowed(ip);
    const actor = await this.auth.actorFromBearer(token);
    if (!actor) {
      await this.throttle.recordFailure(ip);
      throw AppError.unauthenticated('The session has expired or ended: sign in again');
    }
    if (!csrfOk(req, token, this.auth))
      throw AppError.forbidden(
        `A write with the session cookie needs the ${CSRF_HEADER} header from GET /api/v1/auth/session`,
      );
    req.sessionToken = token;
    return actor;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function csrfOk(req: EdgeRequest, token: string, auth: AuthService): boolean {
  if (SAFE_METHODS.has(req.method)) return true;
  const sent = Buffer.from(req.header(CSRF_HEADER) ?? '');
  const expected = Buffer.from(auth.csrfFor(token));
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

/**
 * RFC 6750 §3: a 401 names the scheme and, for a refused token, why; the problem filter sends it
 * as WWW-Authenticate (every 401 gets at least the bare challenge).
 */
function withChallenge(error: AppError, code: string, description: string): AppError {
  return Object.assign(error, {
    wwwAuthenticate: `Bearer realm="cmc", error="${code}", error_description="${description}"`,
  });
}

export function authorize(actor: Actor, rule: AccessRule): void {
  if (actor.kind === 'api_client') {
    if (rule.anyApiClient) return;
    if (!rule.scope) throw AppError.forbidden('This route is not open to API clients');
    if (!actor.scopes.includes(rule.scope))
      throw AppError.forbidden(`The API client lacks scope "${rule.scope}"`);
    return;
  }
  if (rule.roles && rule.roles.length > 0 && !rule.roles.some((r) => actor.roles.includes(r))) {
    throw AppError.forbidden(`Requires one of the roles: ${rule.roles.join(', ')}`);
  }
}

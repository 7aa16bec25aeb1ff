import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, AppError } from '@app/shared';
import { EdgeRequest } from '../common/request-context';
import { ACCESS_RULE, AccessRule, PUBLIC_ROUTE } from './access.decorator';
import { AuthService } from './auth.service';

/**
 * Authenticates every route not marked @Public (Bearer JWT or X-API-Key) and applies the
 * route's role/scope rule. Community and institution scoping is the owning service's job.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
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
    if (header) {
      const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
      const actor = match ? this.auth.actorFromBearer(match[1]) : undefined;
      if (!actor) throw AppError.unauthenticated('The bearer token is invalid or expired');
      return actor;
    }
    if (apiKey) {
      const actor = await this.auth.actorFromApiKey(apiKey);
      if (!actor) throw AppError.unauthenticated('The API key is invalid or revoked');
      return actor;
    }
    throw AppError.unauthenticated('Send "Authorization: Bearer <token>" or "X-API-Key: <key>"');
  }
}

export function authorize(actor: Actor, rule: AccessRule): void {
  if (actor.kind === 'api_client') {
    if (!rule.scope) throw AppError.forbidden('This route is not open to API clients');
    if (!actor.scopes.includes(rule.scope))
      throw AppError.forbidden(`The API client lacks scope "${rule.scope}"`);
    return;
  }
  if (rule.roles && rule.roles.length > 0 && !rule.roles.some((r) => actor.roles.includes(r))) {
    throw AppError.forbidden(`Requires one of the roles: ${rule.roles.join(', ')}`);
  }
}

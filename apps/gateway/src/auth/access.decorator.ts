import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, ApiScope, Role } from '@app/shared';
import { EdgeRequest } from '../common/request-context';

export const PUBLIC_ROUTE = 'cmc:public';
export const ACCESS_RULE = 'cmc:access';

/** Health and login only: everything else needs credentials. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export interface AccessRule {
  /** A user needs one of these roles; empty means any authenticated user. */
  roles?: Role[];
  /** An API client needs this scope; without it API clients are refused… */
  scope?: ApiScope;
  /** …unless the route is open to every API client whatever its scopes (`/me`). */
  anyApiClient?: boolean;
}

export const Access = (rule: AccessRule) => SetMetadata(ACCESS_RULE, rule);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<EdgeRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});

import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type Actor, listOf } from '@app/shared';
import { AuditOrigin } from '../audit/audit.service';
import { CurrentActor } from '../auth/access.decorator';
import { Operation } from '../common/operation';
import { IdParam, Origin } from '../common/route-params';
import { ZodPipe } from '../common/zod.pipe';
import { IdempotentByContent } from '../edge/idempotency.interceptor';
import {
  apiClientSchema,
  apiClientWithKeySchema,
  newApiClientSchema,
  rotateKeySchema,
  updateApiClientSchema,
} from './api-client.schemas';
import { ApiClientsService } from './api-clients.service';

const ADMIN = { roles: ['community_admin' as const] };
/** An answer carrying a key is never stored, so a retry cannot be answered from a copy. */
const SHOWN_ONCE = 'the answer carries a key shown once, which is never stored';

@ApiTags('api-clients')
@ApiBearerAuth()
@Controller('api/v1/api-clients')
export class ApiClientsController {
  constructor(private readonly clients: ApiClientsService) {}

  @Post()
  @IdempotentByContent(SHOWN_ONCE)
  @Operation({
    id: 'createApiClient',
    summary: 'Register an integration engine; the key is returned once',
    access: ADMIN,
    body: newApiClientSchema,
    response: apiClientWithKeySchema,
    status: 201,
    errors: [404],
  })
  create(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(newApiClientSchema)) body: z.infer<typeof newApiClientSchema>,
    @Origin() origin: AuditOrigin,
  ) {
    return this.clients.create(actor, body, origin);
  }

  @Get()
  @Operation({
    id: 'listApiClients',
    summary: "The API clients of the admin's community (never their keys)",
    access: ADMIN,
    response: listOf(apiClientSchema),
  })
  list(@CurrentActor() actor: Actor) {
    return this.clients.list(actor);
  }

  @Get(':id')
  @Operation({
    id: 'getApiClient',
    summary: 'An API client of the admin’s community',
    access: ADMIN,
    uuidParams: ['id'],
    response: apiClientSchema,
    errors: [404],
  })
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.clients.get(actor, id);
  }

  @Patch(':id')
  @Operation({
    id: 'updateApiClient',
    summary: 'Rename, set scopes or the per-client rate limit, suspend or resume',
    description:
      'Takes effect within API_KEY_CACHE_SECONDS (5 s by default) on every gateway replica.',
    access: ADMIN,
    uuidParams: ['id'],
    body: updateApiClientSchema,
    response: apiClientSchema,
    errors: [404, 409],
  })
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body(new ZodPipe(updateApiClientSchema)) body: z.infer<typeof updateApiClientSchema>,
    @Origin() origin: AuditOrigin,
  ) {
    return this.clients.update(actor, id, body, origin);
  }

  @Post(':id/rotate')
  @IdempotentByContent(SHOWN_ONCE)
  @Operation({
    id: 'rotateApiClientKey',
    summary: 'A new key, returned once; the old one keeps working for graceSeconds',
    access: ADMIN,
    uuidParams: ['id'],
    body: rotateKeySchema,
    response: apiClientWithKeySchema,
    errors: [404, 409],
  })
  rotate(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body(new ZodPipe(rotateKeySchema)) body: z.infer<typeof rotateKeySchema>,
    @Origin() origin: AuditOrigin,
  ) {
    return this.clients.rotate(actor, id, body.graceSeconds, origin);
  }

  @Post(':id/revoke')
  @Operation({
    id: 'revokeApiClient',
    summary: 'Revoke for good: both keys refused within seconds on every replica',
    access: ADMIN,
    uuidParams: ['id'],
    response: apiClientSchema,
    errors: [404],
  })
  revoke(@CurrentActor() actor: Actor, @IdParam() id: string, @Origin() origin: AuditOrigin) {
    return this.clients.revoke(actor, id, origin);
  }
}

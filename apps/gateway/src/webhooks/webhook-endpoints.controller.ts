import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type Actor, listOf } from '@app/shared';
import { AuditOrigin } from '../audit/audit.service';
import { AccessRule, CurrentActor } from '../auth/access.decorator';
import { Operation } from '../common/operation';
import { IdParam, Origin } from '../common/route-params';
import { ZodPipe } from '../common/zod.pipe';
import { IdempotentByContent } from '../edge/idempotency.interceptor';
import {
  endpointQuery,
  endpointSchema,
  endpointWithSecretSchema,
  newEndpointSchema,
  rotateSecretSchema,
  updateEndpointSchema,
} from './webhook.schemas';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WEBHOOK_EVENT_TYPES, webhookEventTypeSchema } from './webhook-events';

/** A client manages its own endpoints; a community admin those of the community's clients. */
export const MANAGE: AccessRule = { roles: ['community_admin'], scope: 'webhooks:manage' };
const SHOWN_ONCE = 'the answer carries a secret shown once, which is never stored';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/webhooks')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Get('event-types')
  @Operation({
    id: 'listWebhookEventTypes',
    summary: 'The event types an endpoint may subscribe to',
    access: MANAGE,
    response: listOf(webhookEventTypeSchema),
  })
  eventTypes() {
    return { items: WEBHOOK_EVENT_TYPES };
  }

  @Post('endpoints')
  @IdempotentByContent(SHOWN_ONCE)
  @Operation({
    id: 'createWebhookEndpoint',
    summary: 'Register an endpoint; its whsec_ signing secret is returned once',
    description:
      'The URL must resolve to a public address (see WEBHOOK_ALLOWED_HOSTS); the client needs referrals:read for referral events and studies:read for the others.',
    access: MANAGE,
    body: newEndpointSchema,
    response: endpointWithSecretSchema,
    status: 201,
    errors: [404, 409],
  })
  create(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(newEndpointSchema)) body: z.infer<typeof newEndpointSchema>,
    @Origin() origin: AuditOrigin,
  ) {
    return this.endpoints.create(actor, body, origin);
  }

  @Get('endpoints')
  @Operation({
    id: 'listWebhookEndpoints',
    summary: 'Endpoints the caller manages (never their secrets)',
    access: MANAGE,
    query: endpointQuery,
    response: listOf(endpointSchema),
  })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(endpointQuery, 'query')) q: z.infer<typeof endpointQuery>,
  ) {
    return this.endpoints.list(actor, q.clientId);
  }

  @Get('endpoints/:id')
  @Operation({
    id: 'getWebhookEndpoint',
    summary: 'One endpoint',
    access: MANAGE,
    uuidParams: ['id'],
    response: endpointSchema,
    errors: [404],
  })
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.endpoints.get(actor, id);
  }

  @Patch('endpoints/:id')
  @Operation({
    id: 'updateWebhookEndpoint',
    summary: 'Change the URL, event types or description; disable, or re-enable after a 410',
    access: MANAGE,
    uuidParams: ['id'],
    body: updateEndpointSchema,
    response: endpointSchema,
    errors: [404],
  })
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body(new ZodPipe(updateEndpointSchema)) body: z.infer<typeof updateEndpointSchema>,
    @Origin() origin: AuditOrigin,
  ) {
    return this.endpoints.update(actor, id, body, origin);
  }

  @Delete('endpoints/:id')
  @Operation({
    id: 'deleteWebhookEndpoint',
    summary: 'Remove an endpoint with its delivery log',
    access: MANAGE,
    uuidParams: ['id'],
    response: endpointSchema,
    errors: [404],
  })
  remove(@CurrentActor() actor: Actor, @IdParam() id: string, @Origin() origin: AuditOrigin) {
    return this.endpoints.remove(actor, id, origin);
  }

  @Post('endpoints/:id/rotate-secret')
  @IdempotentByContent(SHOWN_ONCE)
  @Operation({
    id: 'rotateWebhookSecret',
    summary:
      'A new signing secret, returned once; both sign (two v1 signatures) during the overlap',
    access: MANAGE,
    uuidParams: ['id'],
    body: rotateSecretSchema,
    response: endpointWithSecretSchema,
    errors: [404],
  })
  rotate(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body(new ZodPipe(rotateSecretSchema)) body: z.infer<typeof rotateSecretSchema>,
    @Origin() origin: AuditOrigin,
  ) {
    return this.endpoints.rotateSecret(actor, id, body.overlapSeconds, origin);
  }
}

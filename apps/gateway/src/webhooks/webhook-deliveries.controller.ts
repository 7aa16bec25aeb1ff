import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type Actor, pageOf } from '@app/shared';
import { AuditOrigin } from '../audit/audit.service';
import { CurrentActor } from '../auth/access.decorator';
import { Operation } from '../common/operation';
import { IdParam, Origin } from '../common/route-params';
import { ZodPipe } from '../common/zod.pipe';
import {
  deliveryDetailSchema,
  deliveryQuery,
  deliverySchema,
  replaySinceSchema,
} from './webhook.schemas';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { MANAGE } from './webhook-endpoints.controller';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/webhooks')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  @Get('endpoints/:id/deliveries')
  @Operation({
    id: 'listWebhookDeliveries',
    summary: 'The delivery log of an endpoint, newest first: status, attempts, latency',
    access: MANAGE,
    uuidParams: ['id'],
    query: deliveryQuery,
    response: pageOf(deliverySchema),
    errors: [404],
  })
  list(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query(new ZodPipe(deliveryQuery, 'query')) q: z.infer<typeof deliveryQuery>,
  ) {
    return this.deliveries.list(actor, id, q);
  }

  @Post('endpoints/:id/replay')
  @Operation({
    id: 'replayWebhookDeliveriesSince',
    summary: 'Send again, in order, everything queued for the endpoint since a time',
    access: MANAGE,
    uuidParams: ['id'],
    body: replaySinceSchema,
    response: z.object({ replayed: z.number().int(), limit: z.number().int() }),
    errors: [404],
  })
  replaySince(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body(new ZodPipe(replaySinceSchema)) body: z.infer<typeof replaySinceSchema>,
    @Origin() origin: AuditOrigin,
  ) {
    return this.deliveries.replaySince(actor, id, body.since, origin);
  }

  @Get('deliveries/:id')
  @Operation({
    id: 'getWebhookDelivery',
    summary: 'One delivery with its body and every attempt',
    access: MANAGE,
    uuidParams: ['id'],
    response: deliveryDetailSchema,
    errors: [404],
  })
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.deliveries.get(actor, id);
  }

  @Post('deliveries/:id/replay')
  @Operation({
    id: 'replayWebhookDelivery',
    summary: 'Send one delivery again (same webhook-id), whatever its status',
    access: MANAGE,
    uuidParams: ['id'],
    response: deliveryDetailSchema,
    errors: [404],
  })
  replay(@CurrentActor() actor: Actor, @IdParam() id: string, @Origin() origin: AuditOrigin) {
    return this.deliveries.replayOne(actor, id, origin);
  }
}

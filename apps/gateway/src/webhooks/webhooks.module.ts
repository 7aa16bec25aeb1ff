import { Module } from '@nestjs/common';
import { WebhookAttempts } from './webhook-attempts';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDestination } from './webhook-destination';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookFanout } from './webhook-fanout';
import { WebhookMetrics } from './webhook-metrics';

/** G3: signed webhooks — endpoints, fan-out from the event stream, dispatch, delivery log. */
@Module({
  controllers: [WebhookEndpointsController, WebhookDeliveriesController],
  providers: [
    WebhookEndpointsService,
    WebhookDeliveriesService,
    WebhookDestination,
    WebhookMetrics,
    WebhookAttempts,
    WebhookDispatcher,
    WebhookFanout,
  ],
})
export class WebhooksModule {}

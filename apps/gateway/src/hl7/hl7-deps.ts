import type { INestApplication } from '@nestjs/common';
import type { InboundHandler } from './hl7-inbound';
import { Hl7InboundService } from './hl7-inbound.service';

/** The MLLP listener hands each accepted message to the gateway's own services: one path for every door. */
export function hl7Handler(app: INestApplication): InboundHandler {
  const inbound = app.get(Hl7InboundService);
  return (message) => inbound.handle(message);
}

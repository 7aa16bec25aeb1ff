import { Injectable } from '@nestjs/common';
import { HandlerContext, ParsedRequestOf, ReferralContracts as C } from '@app/shared';
import { OnBus } from '@app/shared/nest';
import { CapacityService } from './capacity.service';

@Injectable()
export class CapacityHandlers {
  constructor(private readonly capacity: CapacityService) {}

  @OnBus(C.publishSchedule)
  publishSchedule(q: ParsedRequestOf<typeof C.publishSchedule>, ctx: HandlerContext) {
    return this.capacity.publishSchedule(ctx.actor, q);
  }

  @OnBus(C.publishSlots)
  publishSlots(q: ParsedRequestOf<typeof C.publishSlots>, ctx: HandlerContext) {
    return this.capacity.publishSlots(ctx.actor, q);
  }

  @OnBus(C.publishBeds)
  publishBeds(q: ParsedRequestOf<typeof C.publishBeds>, ctx: HandlerContext) {
    return this.capacity.publishBeds(ctx.actor, q);
  }

  @OnBus(C.searchSlots)
  searchSlots(q: ParsedRequestOf<typeof C.searchSlots>, ctx: HandlerContext) {
    return this.capacity.searchSlots(ctx.actor, q);
  }

  @OnBus(C.searchBeds)
  searchBeds(q: ParsedRequestOf<typeof C.searchBeds>, ctx: HandlerContext) {
    return this.capacity.searchBeds(ctx.actor, q);
  }

  @OnBus(C.compliance)
  compliance(q: ParsedRequestOf<typeof C.compliance>, ctx: HandlerContext) {
    return this.capacity.compliance(ctx.actor, q);
  }
}

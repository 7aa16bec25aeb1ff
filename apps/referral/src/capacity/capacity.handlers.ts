import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ParsedRequestOf, ReferralContracts as C } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { CapacityService } from './capacity.service';

@Controller()
export class CapacityHandlers {
  constructor(private readonly capacity: CapacityService) {}

  @BusPattern(C.publishSchedule)
  publishSchedule(@Payload() q: ParsedRequestOf<typeof C.publishSchedule>, @Ctx() ctx: BusContext) {
    return this.capacity.publishSchedule(ctx.actor, q);
  }

  @BusPattern(C.publishSlots)
  publishSlots(@Payload() q: ParsedRequestOf<typeof C.publishSlots>, @Ctx() ctx: BusContext) {
    return this.capacity.publishSlots(ctx.actor, q);
  }

  @BusPattern(C.publishBeds)
  publishBeds(@Payload() q: ParsedRequestOf<typeof C.publishBeds>, @Ctx() ctx: BusContext) {
    return this.capacity.publishBeds(ctx.actor, q);
  }

  @BusPattern(C.searchSlots)
  searchSlots(@Payload() q: ParsedRequestOf<typeof C.searchSlots>, @Ctx() ctx: BusContext) {
    return this.capacity.searchSlots(ctx.actor, q);
  }

  @BusPattern(C.searchBeds)
  searchBeds(@Payload() q: ParsedRequestOf<typeof C.searchBeds>, @Ctx() ctx: BusContext) {
    return this.capacity.searchBeds(ctx.actor, q);
  }

  @BusPattern(C.compliance)
  compliance(@Payload() q: ParsedRequestOf<typeof C.compliance>, @Ctx() ctx: BusContext) {
    return this.capacity.compliance(ctx.actor, q);
  }
}

import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AppError, ParsedRequestOf, ReferralContracts as C } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { SweepService } from './sweep.service';

/** Lets an operator (community admin) run the time-based sweep now instead of waiting. */
@Controller()
export class SweepHandlers {
  constructor(private readonly sweep: SweepService) {}

  @BusPattern(C.sweep)
  async run(@Payload() _: ParsedRequestOf<typeof C.sweep>, @Ctx() ctx: BusContext) {
    if (!ctx.actor.roles.includes('community_admin'))
      throw AppError.forbidden('Requires the community admin role');
    return { ok: true as const, actions: await this.sweep.run() };
  }
}

import { Injectable } from '@nestjs/common';
import { AppError, HandlerContext, ParsedRequestOf, ReferralContracts as C } from '@app/shared';
import { OnBus } from '@app/shared/nest';
import { SweepService } from './sweep.service';

/** Lets an operator (community admin) run the time-based sweep now instead of waiting. */
@Injectable()
export class SweepHandlers {
  constructor(private readonly sweep: SweepService) {}

  @OnBus(C.sweep)
  async run(_: ParsedRequestOf<typeof C.sweep>, ctx: HandlerContext) {
    if (!ctx.actor.roles.includes('community_admin'))
      throw AppError.forbidden('Requires the community admin role');
    return { ok: true as const, actions: await this.sweep.run() };
  }
}

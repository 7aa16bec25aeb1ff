import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ParsedRequestOf, ReferralContracts as C } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { IndicatorsService } from './indicators.service';

@Controller()
export class IndicatorsHandlers {
  constructor(private readonly indicators: IndicatorsService) {}

  @BusPattern(C.indicators)
  compute(@Payload() q: ParsedRequestOf<typeof C.indicators>, @Ctx() ctx: BusContext) {
    return this.indicators.compute(ctx.actor, q);
  }
}

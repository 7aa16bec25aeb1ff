import { Injectable } from '@nestjs/common';
import { HandlerContext, ParsedRequestOf, ReferralContracts as C } from '@app/shared';
import { OnBus } from '@app/shared/nest';
import { IndicatorsService } from './indicators.service';

@Injectable()
export class IndicatorsHandlers {
  constructor(private readonly indicators: IndicatorsService) {}

  @OnBus(C.indicators)
  compute(q: ParsedRequestOf<typeof C.indicators>, ctx: HandlerContext) {
    return this.indicators.compute(ctx.actor, q);
  }
}

import { Injectable } from '@nestjs/common';
import { DiagnosisContracts as C, HandlerContext, ParsedRequestOf } from '@app/shared';
import { OnBus } from '@app/shared/nest';
import { DiagnosisIndicatorsService } from './diagnosis-indicators.service';

@Injectable()
export class DiagnosisIndicatorsHandlers {
  constructor(private readonly indicators: DiagnosisIndicatorsService) {}

  @OnBus(C.indicators)
  compute(q: ParsedRequestOf<typeof C.indicators>, ctx: HandlerContext) {
    return this.indicators.compute(ctx.actor, q);
  }
}

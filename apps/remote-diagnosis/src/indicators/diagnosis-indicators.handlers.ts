import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DiagnosisContracts as C, ParsedRequestOf } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { DiagnosisIndicatorsService } from './diagnosis-indicators.service';

@Controller()
export class DiagnosisIndicatorsHandlers {
  constructor(private readonly indicators: DiagnosisIndicatorsService) {}

  @BusPattern(C.indicators)
  compute(@Payload() q: ParsedRequestOf<typeof C.indicators>, @Ctx() ctx: BusContext) {
    return this.indicators.compute(ctx.actor, q);
  }
}

import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DiagnosisContracts, ParsedRequestOf } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { IntakeService } from './intake.service';

@Controller()
export class IntakeHandlers {
  constructor(private readonly intake: IntakeService) {}

  @BusPattern(DiagnosisContracts.registerInstance)
  register(
    @Payload() q: ParsedRequestOf<typeof DiagnosisContracts.registerInstance>,
    @Ctx() ctx: BusContext,
  ) {
    return this.intake.register(ctx.actor, q);
  }
}

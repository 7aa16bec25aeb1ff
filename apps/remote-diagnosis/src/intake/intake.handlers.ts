import { Injectable } from '@nestjs/common';
import { DiagnosisContracts, HandlerContext, ParsedRequestOf } from '@app/shared';
import { OnBus } from '@app/shared/nest';
import { IntakeService } from './intake.service';

@Injectable()
export class IntakeHandlers {
  constructor(private readonly intake: IntakeService) {}

  @OnBus(DiagnosisContracts.registerInstance)
  register(q: ParsedRequestOf<typeof DiagnosisContracts.registerInstance>, ctx: HandlerContext) {
    return this.intake.register(ctx.actor, q);
  }
}

import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DiagnosisContracts, IntakeContracts, ParsedRequestOf } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { RegisterInstances } from './register-instances';

@Controller()
export class IntakeHandlers {
  constructor(private readonly registerInstances: RegisterInstances) {}

  @BusPattern(DiagnosisContracts.registerInstance)
  register(
    @Payload() q: ParsedRequestOf<typeof DiagnosisContracts.registerInstance>,
    @Ctx() ctx: BusContext,
  ) {
    return this.registerInstances.one(ctx.actor, q);
  }

  @BusPattern(IntakeContracts.registerMany)
  registerMany(
    @Payload() q: ParsedRequestOf<typeof IntakeContracts.registerMany>,
    @Ctx() ctx: BusContext,
  ) {
    return this.registerInstances.execute(ctx.actor, q.items);
  }
}

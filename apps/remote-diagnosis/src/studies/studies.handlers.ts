import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DiagnosisContracts, ParsedRequestOf } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { StudiesService } from './studies.service';

@Controller()
export class StudiesHandlers {
  constructor(private readonly studies: StudiesService) {}

  @BusPattern(DiagnosisContracts.listStudies)
  list(
    @Payload() q: ParsedRequestOf<typeof DiagnosisContracts.listStudies>,
    @Ctx() ctx: BusContext,
  ) {
    return this.studies.list(ctx.actor, q);
  }
}

import { Injectable } from '@nestjs/common';
import { DiagnosisContracts, HandlerContext, ParsedRequestOf } from '@app/shared';
import { OnBus } from '@app/shared/nest';
import { StudiesService } from './studies.service';

@Injectable()
export class StudiesHandlers {
  constructor(private readonly studies: StudiesService) {}

  @OnBus(DiagnosisContracts.listStudies)
  list(q: ParsedRequestOf<typeof DiagnosisContracts.listStudies>, ctx: HandlerContext) {
    return this.studies.list(ctx.actor, q);
  }
}

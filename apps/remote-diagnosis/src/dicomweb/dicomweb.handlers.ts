import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DicomwebContracts, ParsedRequestOf } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { QidoSearchService } from './qido-search.service';
import { WadoLocateService } from './wado-locate.service';

@Controller()
export class DicomwebHandlers {
  constructor(
    private readonly qido: QidoSearchService,
    private readonly wado: WadoLocateService,
  ) {}

  @BusPattern(DicomwebContracts.search)
  search(@Payload() q: ParsedRequestOf<typeof DicomwebContracts.search>, @Ctx() ctx: BusContext) {
    return this.qido.search(ctx.actor, q);
  }

  @BusPattern(DicomwebContracts.locate)
  locate(@Payload() q: ParsedRequestOf<typeof DicomwebContracts.locate>, @Ctx() ctx: BusContext) {
    return this.wado.locate(ctx.actor, q);
  }
}

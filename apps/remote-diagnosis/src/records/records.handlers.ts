import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DiagnosisRecordContracts as C, ParsedRequestOf } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { RecordsService } from './records.service';

@Controller()
export class RecordsHandlers {
  constructor(private readonly records: RecordsService) {}

  @BusPattern(C.searchReports)
  searchReports(@Payload() q: ParsedRequestOf<typeof C.searchReports>, @Ctx() ctx: BusContext) {
    return this.records.searchReports(ctx.actor, q);
  }

  @BusPattern(C.searchCritical)
  searchCritical(@Payload() q: ParsedRequestOf<typeof C.searchCritical>, @Ctx() ctx: BusContext) {
    return this.records.searchCritical(ctx.actor, q);
  }
}

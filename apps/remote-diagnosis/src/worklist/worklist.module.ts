import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ParsedRequestOf, WorklistContracts as C } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { ReadingModule } from '../reading/reading.module';
import { ClaimStudy } from '../reading/claims/claim-study';
import { WorklistService } from './worklist.service';

@Controller()
export class WorklistHandlers {
  constructor(
    private readonly worklist: WorklistService,
    private readonly claimStudy: ClaimStudy,
  ) {}

  @BusPattern(C.list)
  list(@Payload() q: ParsedRequestOf<typeof C.list>, @Ctx() ctx: BusContext) {
    return this.worklist.list(ctx.actor, q);
  }

  @BusPattern(C.claim)
  claim(@Payload() q: ParsedRequestOf<typeof C.claim>, @Ctx() ctx: BusContext) {
    return this.claimStudy.execute(ctx.actor, q.studyId);
  }
}

/** A reader's worklist (issue 13 item 3). */
@Module({ imports: [ReadingModule], controllers: [WorklistHandlers], providers: [WorklistService] })
export class WorklistModule {}

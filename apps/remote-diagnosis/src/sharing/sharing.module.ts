import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ParsedRequestOf, ResultSharingContracts as C } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { SharedStudiesService } from './shared-studies.service';

@Controller()
export class SharingHandlers {
  constructor(private readonly shared: SharedStudiesService) {}

  @BusPattern(C.sharedStudies)
  find(@Payload() q: ParsedRequestOf<typeof C.sharedStudies>, @Ctx() ctx: BusContext) {
    return this.shared.find(ctx.actor, ctx.signer, q);
  }
}

/** 检查结果互认 across the district (issue 12, item 14). */
@Module({ controllers: [SharingHandlers], providers: [SharedStudiesService] })
export class SharingModule {}

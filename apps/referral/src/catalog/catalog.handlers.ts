import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ParsedRequestOf, ReferralContracts } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { CatalogService } from './catalog.service';

@Controller()
export class CatalogHandlers {
  constructor(private readonly catalog: CatalogService) {}

  @BusPattern(ReferralContracts.catalogGet)
  get(@Payload() _: ParsedRequestOf<typeof ReferralContracts.catalogGet>, @Ctx() ctx: BusContext) {
    return this.catalog.get(ctx.actor);
  }

  @BusPattern(ReferralContracts.catalogReplace)
  replace(
    @Payload() q: ParsedRequestOf<typeof ReferralContracts.catalogReplace>,
    @Ctx() ctx: BusContext,
  ) {
    return this.catalog.replace(ctx.actor, q.list, q.entries);
  }
}

import { Injectable } from '@nestjs/common';
import { HandlerContext, ParsedRequestOf, ReferralContracts } from '@app/shared';
import { OnBus } from '@app/shared/nest';
import { CatalogService } from './catalog.service';

@Injectable()
export class CatalogHandlers {
  constructor(private readonly catalog: CatalogService) {}

  @OnBus(ReferralContracts.catalogGet)
  get(_: ParsedRequestOf<typeof ReferralContracts.catalogGet>, ctx: HandlerContext) {
    return this.catalog.get(ctx.actor);
  }

  @OnBus(ReferralContracts.catalogReplace)
  replace(q: ParsedRequestOf<typeof ReferralContracts.catalogReplace>, ctx: HandlerContext) {
    return this.catalog.replace(ctx.actor, q.list, q.entries);
  }
}

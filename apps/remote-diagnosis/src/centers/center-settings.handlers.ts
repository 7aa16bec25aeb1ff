import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ParsedRequestOf, ReadingCenterContracts as C } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { CenterSettingsService } from './center-settings.service';

@Controller()
export class CenterSettingsHandlers {
  constructor(private readonly settings: CenterSettingsService) {}

  @BusPattern(C.getSettings)
  get(@Payload() q: ParsedRequestOf<typeof C.getSettings>, @Ctx() ctx: BusContext) {
    return this.settings.get(ctx.actor, q.centerId);
  }

  @BusPattern(C.updateSettings)
  update(@Payload() q: ParsedRequestOf<typeof C.updateSettings>, @Ctx() ctx: BusContext) {
    return this.settings.update(ctx.actor, q);
  }
}

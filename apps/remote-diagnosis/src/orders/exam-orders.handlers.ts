import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ExamOrderContracts, ParsedRequestOf } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { ExamOrdersService } from './exam-orders.service';

@Controller()
export class ExamOrdersHandlers {
  constructor(private readonly orders: ExamOrdersService) {}

  @BusPattern(ExamOrderContracts.create)
  create(@Payload() q: ParsedRequestOf<typeof ExamOrderContracts.create>, @Ctx() ctx: BusContext) {
    return this.orders.create(ctx.actor, q);
  }

  @BusPattern(ExamOrderContracts.list)
  list(@Payload() q: ParsedRequestOf<typeof ExamOrderContracts.list>, @Ctx() ctx: BusContext) {
    return this.orders.list(ctx.actor, q);
  }

  @BusPattern(ExamOrderContracts.cancel)
  cancel(@Payload() q: ParsedRequestOf<typeof ExamOrderContracts.cancel>, @Ctx() ctx: BusContext) {
    return this.orders.cancel(ctx.actor, q.id, q.reason);
  }
}

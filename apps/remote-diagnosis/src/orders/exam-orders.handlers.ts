import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ExamOrderContracts as C, ParsedRequestOf } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { CancelExamOrder } from './cancel-exam-order';
import { CreateExamOrder } from './create-exam-order';
import { ListExamOrders } from './list-exam-orders';

type P<K extends keyof typeof C> = ParsedRequestOf<(typeof C)[K]>;

@Controller()
export class ExamOrdersHandlers {
  constructor(
    private readonly createExamOrder: CreateExamOrder,
    private readonly listExamOrders: ListExamOrders,
    private readonly cancelExamOrder: CancelExamOrder,
  ) {}

  @BusPattern(C.create)
  create(@Payload() q: P<'create'>, @Ctx() ctx: BusContext) {
    return this.createExamOrder.execute(ctx.actor, q);
  }

  @BusPattern(C.list)
  list(@Payload() q: P<'list'>, @Ctx() ctx: BusContext) {
    return this.listExamOrders.execute(ctx.actor, q);
  }

  @BusPattern(C.cancel)
  cancel(@Payload() q: P<'cancel'>, @Ctx() ctx: BusContext) {
    return this.cancelExamOrder.execute(ctx.actor, q.id, q.reason);
  }
}

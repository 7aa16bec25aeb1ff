import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Actor, Contract, RequestOf, ResponseOf, requestContext } from '@app/shared';
import { BusClient } from '@app/shared/nest';
import { BUS } from '../infra/tokens';

/** Controllers call services through this: the actor and correlation id ride along. */
@Injectable()
export class BusCaller {
  constructor(@Inject(BUS) private readonly bus: BusClient) {}

  call<C extends Contract<z.ZodType, z.ZodType>>(
    actor: Actor,
    c: C,
    payload: RequestOf<C>,
  ): Promise<ResponseOf<C>> {
    const correlationId = requestContext.getStore()?.correlationId ?? 'none';
    return this.bus.call(c, payload, { actor, correlationId });
  }
}

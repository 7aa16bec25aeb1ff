import { Injectable } from '@nestjs/common';
import { IntakeContracts } from '@app/shared';
import { BusCaller } from '../common/bus-call';
import { RegistrationBatches } from './registration-batches';

/** RegistrationBatches over the bus: the gateway's one way to register stored instances. */
@Injectable()
export class RegistrationBatcher extends RegistrationBatches {
  constructor(bus: BusCaller) {
    super((actor, items) => bus.call(actor, IntakeContracts.registerMany, { items }));
  }
}

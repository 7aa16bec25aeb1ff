import { Module } from '@nestjs/common';
import { BusCaller } from '../common/bus-call';
import { PatientsModule } from '../patients/patients.module';
import { Hl7ClientsController } from './hl7-clients.controller';
import { Hl7ClientsService } from './hl7-clients.service';
import { Hl7Dispatcher } from './hl7-dispatcher';
import { Hl7Fanout } from './hl7-fanout';
import { Hl7InboundService } from './hl7-inbound.service';
import { OruRenderer } from './oru-renderer';

/**
 * HL7 v2 over MLLP (issue 15 item 4): the clients admin API, what an inbound message does
 * (Hl7InboundService, handed to the listener main.ts starts), and results out (fan-out from
 * the event stream to an outbox table, rendered and sent with retries).
 */
@Module({
  imports: [PatientsModule],
  controllers: [Hl7ClientsController],
  providers: [
    BusCaller,
    Hl7ClientsService,
    Hl7InboundService,
    OruRenderer,
    Hl7Dispatcher,
    Hl7Fanout,
  ],
})
export class Hl7Module {}

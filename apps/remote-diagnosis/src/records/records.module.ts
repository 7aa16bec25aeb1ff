import { Module } from '@nestjs/common';
import { RecordsHandlers } from './records.handlers';
import { RecordsService } from './records.service';

/** Final reports and critical findings for engines (FHIR DiagnosticReport and Flag). */
@Module({ controllers: [RecordsHandlers], providers: [RecordsService] })
export class RecordsModule {}

import { Module } from '@nestjs/common';
import { BusCaller } from '../common/bus-call';
import { StudiesController } from './studies.controller';

/** Remote diagnosis at the edge: every route here forwards to apps/remote-diagnosis. */
@Module({ controllers: [StudiesController], providers: [BusCaller] })
export class StudiesModule {}

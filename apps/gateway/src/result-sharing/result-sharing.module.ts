import { Module } from '@nestjs/common';
import { BusCaller } from '../common/bus-call';
import { ResultSharingController } from './result-sharing.controller';
import { ResultSharingService } from './result-sharing.service';

@Module({ controllers: [ResultSharingController], providers: [BusCaller, ResultSharingService] })
export class ResultSharingModule {}

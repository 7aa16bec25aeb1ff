import { Module } from '@nestjs/common';
import { DiagnosisDirectoryReplica } from './diagnosis-directory';
import { ReadingHandlers } from './reading.handlers';
import { ReadingService } from './reading.service';
import { ReadingSweep } from './reading-sweep';

@Module({ providers: [DiagnosisDirectoryReplica, ReadingService, ReadingSweep, ReadingHandlers] })
export class ReadingModule {}

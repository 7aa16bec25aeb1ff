import { Module } from '@nestjs/common';
import { CriticalHandlers } from '../critical/critical.handlers';
import { CriticalService } from '../critical/critical.service';
import { DiagnosisIndicatorsHandlers } from '../indicators/diagnosis-indicators.handlers';
import { DiagnosisIndicatorsService } from '../indicators/diagnosis-indicators.service';
import { DiagnosisDirectoryReplica } from './diagnosis-directory';
import { ReadingHandlers } from './reading.handlers';
import { ReadingService } from './reading.service';
import { ReadingSweep } from './reading-sweep';

@Module({
  controllers: [ReadingHandlers, CriticalHandlers, DiagnosisIndicatorsHandlers],
  providers: [
    DiagnosisDirectoryReplica,
    ReadingService,
    ReadingSweep,
    CriticalService,
    DiagnosisIndicatorsService,
  ],
  exports: [ReadingService],
})
export class ReadingModule {}

import { Module } from '@nestjs/common';
import { DicomwebModule } from './dicomweb/dicomweb.module';
import { IntakeModule } from './intake/intake.module';
import { ReadingModule } from './reading/reading.module';
import { StudiesModule } from './studies/studies.module';

@Module({ imports: [StudiesModule, IntakeModule, ReadingModule, DicomwebModule] })
export class RemoteDiagnosisModule {}

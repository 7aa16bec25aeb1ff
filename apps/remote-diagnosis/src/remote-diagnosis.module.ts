import { Module } from '@nestjs/common';
import { IntakeModule } from './intake/intake.module';
import { StudiesModule } from './studies/studies.module';

@Module({ imports: [StudiesModule, IntakeModule] })
export class RemoteDiagnosisModule {}

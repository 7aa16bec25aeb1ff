import { Module } from '@nestjs/common';
import { StudiesModule } from './studies/studies.module';

@Module({ imports: [StudiesModule] })
export class RemoteDiagnosisModule {}

import { Module } from '@nestjs/common';
import { IntakeHandlers } from './intake.handlers';
import { IntakeService } from './intake.service';

@Module({ controllers: [IntakeHandlers], providers: [IntakeService] })
export class IntakeModule {}

import { Module } from '@nestjs/common';
import { IntakeHandlers } from './intake.handlers';
import { IntakeService } from './intake.service';

@Module({ providers: [IntakeService, IntakeHandlers] })
export class IntakeModule {}

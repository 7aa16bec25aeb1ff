import { Module } from '@nestjs/common';
import { IntakeHandlers } from './intake.handlers';
import { RegisterInstances } from './register-instances';

@Module({ controllers: [IntakeHandlers], providers: [RegisterInstances] })
export class IntakeModule {}

import { Module } from '@nestjs/common';
import { StudiesHandlers } from './studies.handlers';
import { StudiesService } from './studies.service';

@Module({ providers: [StudiesService, StudiesHandlers] })
export class StudiesModule {}

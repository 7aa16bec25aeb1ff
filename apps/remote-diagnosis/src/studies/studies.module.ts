import { Module } from '@nestjs/common';
import { StudiesHandlers } from './studies.handlers';
import { StudiesService } from './studies.service';

@Module({ controllers: [StudiesHandlers], providers: [StudiesService] })
export class StudiesModule {}

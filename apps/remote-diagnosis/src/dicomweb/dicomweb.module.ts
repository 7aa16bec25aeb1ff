import { Module } from '@nestjs/common';
import { DicomwebHandlers } from './dicomweb.handlers';
import { QidoSearchService } from './qido-search.service';
import { WadoLocateService } from './wado-locate.service';

@Module({ controllers: [DicomwebHandlers], providers: [QidoSearchService, WadoLocateService] })
export class DicomwebModule {}

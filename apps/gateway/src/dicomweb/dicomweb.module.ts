import { Module } from '@nestjs/common';
import { BusCaller } from '../common/bus-call';
import { StudiesModule } from '../studies/studies.module';
import { QidoController } from './qido.controller';
import { StowController } from './stow.controller';
import { StowService } from './stow.service';
import { WadoController } from './wado.controller';
import { WadoService } from './wado.service';

/** G2b: DICOMweb (PS3.18) at /dicomweb for viewers (OHIF) and PACS. */
@Module({
  imports: [StudiesModule],
  controllers: [StowController, QidoController, WadoController],
  providers: [BusCaller, StowService, WadoService],
})
export class DicomwebModule {}

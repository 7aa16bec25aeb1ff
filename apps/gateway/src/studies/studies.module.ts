import { Module } from '@nestjs/common';
import { BusCaller } from '../common/bus-call';
import { StudiesController } from './studies.controller';
import { blobStoreProvider, UploadService } from './upload.service';

/** Remote diagnosis at the edge: uploads stream to blob storage; everything else goes over the bus. */
@Module({
  controllers: [StudiesController],
  providers: [BusCaller, UploadService, blobStoreProvider],
})
export class StudiesModule {}

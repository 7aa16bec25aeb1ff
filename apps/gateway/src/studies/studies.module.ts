import { Module } from '@nestjs/common';
import { BusCaller } from '../common/bus-call';
import { ReadingController } from './reading.controller';
import { StudiesController } from './studies.controller';
import { blobStoreProvider, UploadService } from './upload.service';

/** Remote diagnosis at the edge: uploads stream to blob storage; everything else goes over the bus. */
@Module({
  controllers: [StudiesController, ReadingController],
  providers: [BusCaller, UploadService, blobStoreProvider],
})
export class StudiesModule {}

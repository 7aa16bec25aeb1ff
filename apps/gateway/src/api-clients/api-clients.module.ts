import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ApiClientsController } from './api-clients.controller';
import { ApiClientsService } from './api-clients.service';

@Module({
  imports: [AuthModule],
  controllers: [ApiClientsController],
  providers: [ApiClientsService],
})
export class ApiClientsModule {}

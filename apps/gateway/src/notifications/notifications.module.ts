import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { NotificationConsumer } from './notification-consumer';
import { NotificationHub } from './notification-hub';
import { NotificationStore } from './notification-store';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** Issue 12, item 13: notices that reach people — inbox, read marks, live stream (SSE). */
@Module({
  imports: [AuthModule],
  controllers: [NotificationsController],
  providers: [NotificationStore, NotificationHub, NotificationConsumer, NotificationsService],
})
export class NotificationsModule {}

import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { type Actor, pageOf } from '@app/shared';
import { CurrentActor } from '../auth/access.decorator';
import { Operation } from '../common/operation';
import { IdParam } from '../common/route-params';
import { EdgeRequest } from '../common/request-context';
import { ZodPipe } from '../common/zod.pipe';
import {
  markAllReadResult,
  markAllReadSchema,
  noticeListQuery,
  NoticeListQuery,
  noticeSchema,
  unreadSchema,
} from './notification.schemas';
import { NotificationsService } from './notifications.service';

/** Any signed-in user reads their own inbox; API clients have none (webhooks are theirs). */
const ANY_USER = {};

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('stream')
  @Operation({
    id: 'streamNotifications',
    summary: 'Live notices as Server-Sent Events, after a replay of what was missed',
    description:
      'Send `Accept: text/event-stream` and the token in `Authorization: Bearer …` (use a fetch-based SSE client: ' +
      'EventSource cannot send headers, and tokens never go in URLs). Events: `notification` (data: a notice, id: its ' +
      'sequence) and `ready` (data: unread counts, id: the cursor), after the replay. Reconnect with `Last-Event-ID` ' +
      'to get what was missed, in order. Streams end when the token expires; at most NOTIFICATION_STREAMS_PER_USER per user (then 429).',
    access: ANY_USER,
    produces: 'text/event-stream',
    errors: [406],
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this sequence' })
  stream(@CurrentActor() actor: Actor, @Req() req: EdgeRequest, @Res() res: Response) {
    return this.notifications.stream(actor, req, res);
  }

  @Get()
  @Operation({
    id: 'listNotifications',
    summary: 'My notices, newest first, with read state',
    access: ANY_USER,
    query: noticeListQuery,
    response: pageOf(noticeSchema),
  })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(noticeListQuery, 'query')) q: NoticeListQuery,
  ) {
    return this.notifications.list(actor, q);
  }

  @Get('unread-count')
  @Operation({
    id: 'countUnreadNotifications',
    summary: 'How many of my notices are unread, by urgency (the bell)',
    access: ANY_USER,
    response: unreadSchema,
  })
  unread(@CurrentActor() actor: Actor) {
    return this.notifications.unread(actor);
  }

  @Post('read-all')
  @Operation({
    id: 'markAllNotificationsRead',
    summary: 'Mark my notices read, up to a sequence (default: all of them now)',
    access: ANY_USER,
    body: markAllReadSchema,
    response: markAllReadResult,
  })
  markAllRead(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(markAllReadSchema)) body: z.infer<typeof markAllReadSchema>,
  ) {
    return this.notifications.markAllRead(actor, body.through);
  }

  @Get(':id')
  @Operation({
    id: 'getNotification',
    summary: 'One of my notices',
    access: ANY_USER,
    uuidParams: ['id'],
    response: noticeSchema,
    errors: [404],
  })
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.notifications.get(actor, id);
  }

  @Post(':id/read')
  @Operation({
    id: 'markNotificationRead',
    summary: 'Mark one of my notices read (again is fine)',
    access: ANY_USER,
    uuidParams: ['id'],
    response: noticeSchema,
    errors: [404],
  })
  markRead(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.notifications.markRead(actor, id);
  }
}

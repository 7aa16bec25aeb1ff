import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import { Actor, AppError, ErrorCode } from '@app/shared';
import { AuthService } from '../auth/auth.service';
import { EdgeRequest } from '../common/request-context';
import { LOGGER } from '../infra/tokens';
import { lastEventIdSchema, NoticeListQuery } from './notification.schemas';
import { NotificationHub } from './notification-hub';
import { NotificationStore } from './notification-store';

/**
 * How often an open stream checks its token's user again: a disabled user or a changed role
 * takes effect on the stream within this (plus ACTOR_CACHE_SECONDS), not only at token expiry.
 */
const REAUTH_MS = 30_000;

/** The inbox of the signed-in user (issue 12, item 13): list, counts, read marks, live stream. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly store: NotificationStore,
    private readonly hub: NotificationHub,
    private readonly auth: AuthService,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  list(actor: Actor, q: NoticeListQuery) {
    return this.store.page(actor, q);
  }

  unread(actor: Actor) {
    return this.store.unread(actor);
  }

  get(actor: Actor, id: string) {
    return this.store.one(actor, id);
  }

  markRead(actor: Actor, id: string) {
    return this.store.markRead(actor, id);
  }

  markAllRead(actor: Actor, through: number | undefined) {
    return this.store.markAllRead(actor, through);
  }

  /**
   * A Server-Sent Events stream: first what the client missed after Last-Event-ID (from the
   * table, in order), then each new notice for this user as it is committed. Everything that
   * can be refused is refused before the first byte, as problem+json.
   */
  async stream(actor: Actor, req: EdgeRequest, res: Response): Promise<void> {
    if (!/(^|,)\s*text\/event-stream\s*(;|,|$)/i.test(req.header('accept') ?? ''))
      throw new AppError(
        ErrorCode.NOT_ACCEPTABLE,
        'This is a Server-Sent Events stream: send "Accept: text/event-stream"',
      );
    const newest = await this.store.newestSequence();
    const cursor = this.resumeAfter(req.header('last-event-id'), newest);
    // The console's EventSource authenticates with the session cookie: the same token, rechecked
    // and ended at its expiry exactly like a bearer one.
    const token =
      /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? req.sessionToken ?? '';
    const stream = this.hub.open(actor, res, cursor, expiryOf(token));
    stream.every(REAUTH_MS, () => {
      void this.auth.actorFromBearer(token).then(
        (fresh) => (fresh ? (stream.actor = fresh) : stream.close('credentials no longer valid')),
        () => undefined, // the database is away: keep the stream, look again next time
      );
    });
    try {
      await stream.start(() => this.store.unread(stream.actor));
    } catch (error) {
      // Headers are gone already: end the stream; the client resumes by Last-Event-ID.
      this.log.warn({ err: error }, 'notification stream failed');
      stream.close('failed');
    }
  }

  /** No Last-Event-ID: from now. One from the future or not a sequence: 400, nothing opened. */
  private resumeAfter(header: string | undefined, newest: number): number {
    if (header === undefined || header === '') return newest;
    const parsed = lastEventIdSchema.safeParse(header.trim());
    if (!parsed.success)
      throw AppError.validation(parsed.error.issues[0].message, [
        { path: 'Last-Event-ID', message: parsed.error.issues[0].message },
      ]);
    if (parsed.data > newest)
      throw AppError.validation('Last-Event-ID is after the newest notification', [
        { path: 'Last-Event-ID', message: `at most ${newest}` },
      ]);
    return parsed.data;
  }
}

/** When the (already verified) bearer token expires, in ms; an API key has no expiry. */
function expiryOf(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

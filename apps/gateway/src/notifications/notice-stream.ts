import type { Response } from 'express';
import type { Actor } from '@app/shared';
import { addressedTo } from './audience';
import type { AddressedNotice, Notice } from './notification-store';

/** A client this far behind (bytes queued on its socket) is dropped; it resumes by Last-Event-ID. */
const MAX_BUFFERED_BYTES = 256 * 1024;
/** How long an EventSource waits before reconnecting after the stream ends. */
const RETRY_MS = 3000;

export interface StreamOptions {
  heartbeatMs: number;
  /** When the bearer token expires: the stream ends then, and the client comes back with a new one. */
  expiresAt?: number;
  /** Reads what the stream missed after a sequence, oldest first (the inbox, never memory). */
  missed: (actor: Actor, after: number) => Promise<Notice[]>;
  onClose: (stream: NoticeStream, reason: string) => void;
}

/**
 * One Server-Sent Events connection. It first replays from the table what the client missed
 * after its cursor, then sends live notices the hub offers; offers that arrive during the replay
 * wait, and anything at or below the cursor is skipped, so the client sees each notice once and
 * in sequence order.
 */
export class NoticeStream {
  private replaying = true;
  private pending: AddressedNotice[] = [];
  private closed = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    public actor: Actor,
    private readonly res: Response,
    private cursor: number,
    private readonly opts: StreamOptions,
  ) {
    res.on('close', () => this.close('client went away'));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Headers, the replay, a `ready` event carrying the cursor, then live notices. */
  async start(unread: () => Promise<object>): Promise<void> {
    this.res.status(200);
    this.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    this.res.setHeader('Cache-Control', 'no-cache, no-transform');
    this.res.setHeader('X-Accel-Buffering', 'no'); // nginx would otherwise hold the events back
    this.res.flushHeaders();
    this.res.socket?.setKeepAlive(true);
    this.res.socket?.setNoDelay(true);
    this.write(`retry: ${RETRY_MS}\n\n`);
    this.timers.push(setInterval(() => this.write(': keep-alive\n\n'), this.opts.heartbeatMs));
    if (this.opts.expiresAt !== undefined)
      this.timers.push(
        setTimeout(
          () => this.close('token expired'),
          Math.max(0, this.opts.expiresAt - Date.now()),
        ),
      );
    for (;;) {
      const page = await this.opts.missed(this.actor, this.cursor);
      if (this.closed) return;
      for (const n of page) {
        if (!this.send(n)) await this.drained();
        if (this.closed) return;
      }
      if (page.length === 0) break;
    }
    // The ready event's id is the cursor, so a client that saw no notice still resumes here.
    this.write(`id: ${this.cursor}\nevent: ready\ndata: ${JSON.stringify(await unread())}\n\n`);
    this.replaying = false;
    const waiting = this.pending;
    this.pending = [];
    for (const n of waiting) this.send(n);
  }

  /** A new notice from the hub, kept if it is for this user; true when it was. */
  offer(notice: AddressedNotice): boolean {
    if (this.closed || !addressedTo(this.actor, notice)) return false;
    if (this.replaying) this.pending.push(notice);
    else this.send(notice);
    return true;
  }

  /** Runs `task` every `ms` while the stream is open; its timer ends with the stream. */
  every(ms: number, task: () => void): void {
    if (!this.closed) this.timers.push(setInterval(task, ms));
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.timers.forEach((t) => clearTimeout(t));
    this.pending = [];
    if (!this.res.writableEnded) this.res.end();
    this.opts.onClose(this, reason);
  }

  /** Returns false when the socket's buffer is full (the caller waits for it to drain). */
  private send(notice: Notice | AddressedNotice): boolean {
    if (notice.sequence <= this.cursor) return true;
    this.cursor = notice.sequence;
    const { communityId: _c, audiences: _a, ...visible } = notice as AddressedNotice;
    return this.write(
      `id: ${notice.sequence}\nevent: notification\ndata: ${JSON.stringify(visible)}\n\n`,
    );
  }

  private write(frame: string): boolean {
    if (this.closed || this.res.writableEnded) return true;
    const ok = this.res.write(frame);
    // A client that does not read would make us hold every notice for it: let it go instead.
    if (this.res.writableLength > MAX_BUFFERED_BYTES) this.close('client too slow');
    return ok;
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.once('drain', done);
      this.res.once('close', done);
    });
  }
}

import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { safeError } from '@app/shared';
import { Us } from './hl7-ack';
import { handleInbound, InboundHandler, InboundResult, rejectUnframed } from './hl7-inbound';
import { frame, MllpDeframer } from './mllp-framer';

export interface ConnectionLimits {
  timeoutMs: number;
  maxMessageBytes: number;
  maxSegments: number;
}

/**
 * One MLLP connection. Messages are handled one at a time, in order (original acknowledgment
 * mode, HL7 v2.5.1 §2.9.2); while one is handled the socket is paused, so a peer that floods us
 * waits in its own TCP window and holds at most one read chunk of ours. Two clocks bound it:
 * the socket's idle timeout (silence), and a deadline from a message's first byte to its last
 * (a peer trickling one byte at a time never looks silent).
 */
export class Hl7Connection {
  private readonly deframer: MllpDeframer;
  private readonly queue: Buffer[] = [];
  private busy = false;
  private deadline?: NodeJS.Timeout;

  constructor(
    private readonly socket: Socket,
    private readonly limits: ConnectionLimits,
    private readonly us: Us,
    private readonly handle: InboundHandler,
    private readonly log: Logger,
  ) {
    this.deframer = new MllpDeframer(limits.maxMessageBytes);
    socket.setNoDelay(true);
    socket.setTimeout(limits.timeoutMs, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.stopDeadline());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  private onData(chunk: Buffer): void {
    for (const event of this.deframer.feed(chunk)) {
      if (event.kind === 'message') {
        this.queue.push(event.bytes);
        this.stopDeadline();
        continue;
      }
      this.stopDeadline();
      this.log.warn({ remote: this.socket.remoteAddress, why: event.reason }, 'HL7 connection cut');
      // Messages of this read not yet handled are dropped unacknowledged (the sender resends
      // what got no ACK, §2.9.2); the AR says why, and the stream, out of step, is closed.
      this.queue.length = 0;
      this.socket.pause();
      this.socket.end(frame(rejectUnframed(event.partial, event.reason, this.us)));
      this.socket.destroySoon();
      return;
    }
    if (this.queue.length) void this.drain();
    else this.startDeadline();
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    // Our own work is not the peer's delay: its message clock stops while we handle.
    this.stopDeadline();
    this.socket.pause();
    try {
      while (this.queue.length && this.socket.writable) {
        const bytes = this.queue.shift() as Buffer;
        const result = await handleInbound(
          bytes,
          this.socket.remoteAddress,
          this.us,
          this.limits.maxSegments,
          this.handle,
        );
        this.record(result);
        if (this.socket.writable) this.socket.write(frame(result.ack));
      }
    } catch (error) {
      // handleInbound answers every input; this is a bug of ours, so the peer is let go.
      this.log.error({ err: safeError(error) }, 'HL7 connection failed');
      this.socket.destroy();
    } finally {
      this.busy = false;
    }
    if (this.socket.destroyed) return;
    this.socket.resume();
    this.startDeadline();
  }

  private record(result: InboundResult): void {
    const remote = this.socket.remoteAddress;
    if (result.failure)
      this.log.error(
        { remote, type: result.type, err: safeError(result.failure) },
        'HL7 message failed; answered AR 207 (send again)',
      );
    else if (result.code !== 'AA')
      this.log.warn(
        { remote, type: result.type, ack: result.code, why: result.reason },
        'HL7 message refused',
      );
    else this.log.info({ remote, type: result.type }, 'HL7 message accepted');
  }

  private startDeadline(): void {
    if (!this.deframer.midMessage || this.deadline) return;
    this.deadline = setTimeout(() => {
      this.log.warn({ remote: this.socket.remoteAddress }, 'HL7 message not complete in time; cut');
      this.socket.destroy();
    }, this.limits.timeoutMs);
  }

  private stopDeadline(): void {
    clearTimeout(this.deadline);
    this.deadline = undefined;
  }
}

import type { Socket } from 'node:net';
import { PassThrough, Writable } from 'node:stream';

/**
 * Where dcmjs-dimse writes a C-STORE data set as its PDVs arrive. It forwards them to the
 * Part 10 stream the intake reads, and holds the socket while that stream is full: dcmjs-dimse
 * ignores back-pressure after the first write, so without this a fast modality would queue a
 * whole instance in memory while storage catches up. Once the intake has refused the instance
 * (too large, storage full) the rest is read off the wire and dropped.
 */
export class InstanceSink extends Writable {
  private dropping = false;
  private waiting: (() => void) | null = null;

  constructor(
    private readonly target: PassThrough,
    private readonly socket: Socket,
  ) {
    super({ highWaterMark: 1 << 20 });
  }

  /** The intake will read no more: let the peer finish sending, and drop what it sends. */
  drop(): void {
    this.dropping = true;
    this.waiting?.();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error) => void): void {
    if (this.dropping || this.target.write(chunk)) return done();
    this.socket.pause();
    const resume = () => {
      this.target.off('drain', resume);
      this.waiting = null;
      this.socket.resume();
      done();
    };
    this.waiting = resume;
    this.target.on('drain', resume);
  }

  override _final(done: (error?: Error) => void): void {
    if (!this.dropping) this.target.end();
    done();
  }
}

/** A data set we refuse before reading it (a context we did not accept, no caller): read and dropped. */
export function discardingSink(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

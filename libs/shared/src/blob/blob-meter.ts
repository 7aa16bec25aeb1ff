import { createHash } from 'node:crypto';
import type { StoredBlob } from './blob-store';

export class BlobTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`Larger than the limit of ${maxBytes} bytes`);
    this.name = 'BlobTooLarge';
  }
}

/**
 * How every store counts, hashes and caps the bytes of an upload (filesystem and S3 alike).
 * Past `maxBytes` the rest is read and dropped rather than the connection cut, so an honest
 * client finishes sending and reads its 413 instead of a broken pipe. A plain per-chunk call,
 * not an async generator around the source: uploads arrive in pieces of a few KiB and every
 * chunk would cost a promise (bench/intake: gateway CPU per upload).
 */
export class BlobMeter {
  private size = 0;
  private readonly hash = createHash('sha256');

  constructor(private readonly opts: { maxBytes: number; onChunk?: (chunk: Buffer) => void }) {}

  /** Counts the chunk; true where it is within the limit and to be stored (it is hashed then). */
  keep(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > this.opts.maxBytes) return false;
    this.hash.update(chunk);
    this.opts.onChunk?.(chunk);
    return true;
  }

  /** Once the source ended: throws BlobTooLarge where it went past the limit. */
  checkLimit(): void {
    if (this.size > this.opts.maxBytes) throw new BlobTooLarge(this.opts.maxBytes);
  }

  stored(key: string): StoredBlob {
    return { key, size: this.size, sha256: this.hash.digest('hex') };
  }
}

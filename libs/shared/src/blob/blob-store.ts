import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredBlob {
  key: string;
  size: number;
  sha256: string;
}

/** Where DICOM bytes live: never in NATS, never whole in memory. */
export interface BlobStore {
  /** Streams `source` into storage; gives up past `maxBytes`, keeping nothing. */
  put(
    source: Readable,
    opts: { maxBytes: number; onChunk?: (chunk: Buffer) => void },
  ): Promise<StoredBlob>;
  open(key: string): Readable;
  remove(key: string): Promise<void>;
  size(key: string): Promise<number>;
}

export class BlobTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`Larger than the limit of ${maxBytes} bytes`);
    this.name = 'BlobTooLarge';
  }
}

const KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

/**
 * Filesystem default: writes to a temporary name, renames on success (atomic on one file
 * system), so a crash mid-upload leaves no half blob under a real key.
 */
export class FileBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error('invalid blob key');
    return path.join(this.root, key);
  }

  async put(
    source: Readable,
    opts: { maxBytes: number; onChunk?: (chunk: Buffer) => void },
  ): Promise<StoredBlob> {
    const id = randomUUID();
    const key = `${id.slice(0, 2)}/${id}`;
    const final = this.pathOf(key);
    const temp = path.join(this.root, 'tmp', `${id}.part`);
    await mkdir(path.dirname(final), { recursive: true });
    await mkdir(path.dirname(temp), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    // Past the limit the rest is read and dropped rather than the connection cut, so an
    // honest client finishes sending and reads its 413 instead of a broken pipe.
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > opts.maxBytes) return done();
        hash.update(chunk);
        opts.onChunk?.(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(temp));
      if (size > opts.maxBytes) throw new BlobTooLarge(opts.maxBytes);
      await rename(temp, final);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  open(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async size(key: string): Promise<number> {
    return (await stat(this.pathOf(key))).size;
  }
}

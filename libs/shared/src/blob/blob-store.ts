import { createReadStream } from 'node:fs';
import { FileHandle, mkdir, open, rename, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { checkedBlobKey, newBlobKey } from './blob-key';
import { BlobMeter } from './blob-meter';

export interface StoredBlob {
  key: string;
  size: number;
  sha256: string;
}

/** Where DICOM bytes live: never in NATS, never whole in memory. */
export interface BlobStore {
  /** Streams `source` into storage; gives up past `maxBytes`, keeping nothing. */
  put(
    source: AsyncIterable<Buffer>,
    opts: { maxBytes: number; onChunk?: (chunk: Buffer) => void },
  ): Promise<StoredBlob>;
  /** The stored bytes, or the inclusive byte range `start`–`end` of them. */
  open(key: string, range?: { start?: number; end?: number }): Readable;
  remove(key: string): Promise<void>;
  size(key: string): Promise<number>;
  /** Bytes free for new blobs, or null where the store cannot tell (object storage). */
  freeBytes(): Promise<number | null>;
}

export { BlobTooLarge } from './blob-meter';

const WRITE_BATCH_BYTES = 256 * 1024;

/**
 * Filesystem default: writes to a temporary name, renames on success (atomic on one file
 * system), so a crash mid-upload leaves no half blob under a real key.
 */
export class FileBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    return path.join(this.root, checkedBlobKey(key));
  }

  async put(
    source: AsyncIterable<Buffer>,
    opts: { maxBytes: number; onChunk?: (chunk: Buffer) => void },
  ): Promise<StoredBlob> {
    const { id, key } = newBlobKey();
    const final = this.pathOf(key);
    const temp = path.join(this.root, 'tmp', `${id}.part`);
    await this.ensureDir(path.dirname(final));
    await this.ensureDir(path.dirname(temp));
    const meter = new BlobMeter(opts);
    // Socket reads arrive in pieces of a few KiB; they are written in batches of 256 KiB, and
    // with a plain loop over a file handle rather than a Transform and a WriteStream
    // (bench/intake: gateway CPU per upload).
    let batch: Buffer[] = [];
    let batched = 0;
    // The file is opened at the first write: a body refused in its first bytes leaves nothing.
    let file: FileHandle | undefined;
    try {
      const flush = async () => {
        if (batched === 0) return;
        file ??= await open(temp, 'w');
        const out = batch.length === 1 ? batch[0] : Buffer.concat(batch, batched);
        batch = [];
        batched = 0;
        for (let at = 0; at < out.length;)
          at += (await file.write(out, at, out.length - at)).bytesWritten;
      };
      try {
        for await (const chunk of source) {
          if (!meter.keep(chunk)) continue;
          batch.push(chunk);
          batched += chunk.length;
          if (batched >= WRITE_BATCH_BYTES) await flush();
        }
        meter.checkLimit();
        await flush();
      } finally {
        await file?.close();
      }
      if (!file) await (await open(temp, 'w')).close(); // an empty blob is still a blob
      await rename(temp, final);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') this.made.clear(); // folders removed under us
      await rm(temp, { force: true });
      throw error;
    }
    return meter.stored(key);
  }

  /** The 256 fan-out folders and tmp/ are made once per process, not on every upload. */
  private readonly made = new Set<string>();
  private async ensureDir(dir: string): Promise<void> {
    if (this.made.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.made.add(dir);
  }

  open(key: string, range: { start?: number; end?: number } = {}): Readable {
    return createReadStream(this.pathOf(key), range);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async size(key: string): Promise<number> {
    return (await stat(this.pathOf(key))).size;
  }

  async freeBytes(): Promise<number> {
    await this.ensureDir(this.root);
    const fs = await statfs(this.root);
    return fs.bavail * fs.bsize;
  }
}

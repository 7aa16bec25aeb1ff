import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { checkedBlobKey, newBlobKey } from './blob-key';
import { BlobMeter } from './blob-meter';
import { BlobStore, StoredBlob } from './blob-store';

export interface S3BlobOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

/**
 * Parts of a multipart upload are buffered one at a time, so an upload costs at most
 * this much memory however large the instance (S3's minimum part is 5 MiB).
 */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * S3-compatible object storage (AWS S3, MinIO, Ceph RGW, Aliyun OSS in S3 mode): a multipart
 * upload streamed part by part, completed only when the whole instance arrived within the
 * limit and aborted otherwise — an object appears under its key whole or not at all.
 */
export class S3BlobStore implements BlobStore {
  private readonly s3: S3Client;

  constructor(private readonly opts: S3BlobOptions) {
    this.s3 = new S3Client({
      region: opts.region,
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle,
      credentials:
        opts.accessKeyId && opts.secretAccessKey
          ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey }
          : undefined,
    });
  }

  async put(
    source: AsyncIterable<Buffer>,
    opts: { maxBytes: number; onChunk?: (chunk: Buffer) => void },
  ): Promise<StoredBlob> {
    const { key } = newBlobKey();
    const meter = new BlobMeter(opts);
    const body = new PassThrough({ highWaterMark: 1024 * 1024 });
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.opts.bucket, Key: key, Body: body, ContentType: 'application/dicom' },
      partSize: PART_BYTES,
      queueSize: 1,
      leavePartsOnError: false,
    });
    const done = upload.done();
    done.catch(() => undefined); // awaited below; a failure is handled there
    try {
      // Past the limit the rest is read and dropped, as in the filesystem store.
      for await (const chunk of source) {
        if (!meter.keep(chunk)) continue;
        if (!body.write(chunk)) await Promise.race([once(body, 'drain'), done]);
      }
      meter.checkLimit();
      body.end();
      await done;
    } catch (error) {
      body.destroy();
      await upload.abort().catch(() => undefined);
      await this.remove(key).catch(() => undefined); // a small body may have gone as one PUT
      throw error;
    }
    return meter.stored(key);
  }

  open(key: string, range: { start?: number; end?: number } = {}): Readable {
    const out = new PassThrough();
    const wanted = range.start !== undefined || range.end !== undefined;
    this.s3
      .send(
        new GetObjectCommand({
          Bucket: this.opts.bucket,
          Key: checkedBlobKey(key),
          Range: wanted ? `bytes=${range.start ?? 0}-${range.end ?? ''}` : undefined,
        }),
      )
      .then(
        (res) => {
          const stream = res.Body as Readable;
          stream.on('error', (e) => out.destroy(e));
          stream.pipe(out);
        },
        (error: Error) => out.destroy(error),
      );
    return out;
  }

  async remove(key: string): Promise<void> {
    await this.s3.send(
      new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: checkedBlobKey(key) }),
    );
  }

  async size(key: string): Promise<number> {
    const head = await this.s3.send(
      new HeadObjectCommand({ Bucket: this.opts.bucket, Key: checkedBlobKey(key) }),
    );
    return head.ContentLength ?? 0;
  }

  /** Object stores grow with what is put in them (or refuse it themselves): no floor to check. */
  async freeBytes(): Promise<null> {
    return null;
  }

  close(): void {
    this.s3.destroy();
  }
}

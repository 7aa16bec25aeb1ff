import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { BlobTooLarge } from '../../libs/shared/src/blob';
import { S3BlobStore } from '../../libs/shared/src/blob/s3-blob-store';
import { startTestS3, TestS3 } from '../support/s3-server';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The S3 option of blob storage against an S3-protocol server (SigV4, multipart upload). */
describe('S3BlobStore', () => {
  let s3: TestS3;
  let store: S3BlobStore;

  beforeAll(async () => {
    s3 = await startTestS3();
    store = new S3BlobStore({ ...s3, region: 'us-east-1', forcePathStyle: true });
  });
  async function objectCount(): Promise<number> {
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    client.destroy();
    return listed.KeyCount ?? 0;
  }
  afterAll(async () => {
    store?.close();
    await s3?.stop();
  });

  it('streams a small instance in, hashes it and reads it back whole and by range', async () => {
    const blob = await store.put(Readable.from([Buffer.from('hello '), Buffer.from('world')]), {
      maxBytes: 100,
    });
    expect(blob).toMatchObject({
      size: 11,
      sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9',
    });
    expect((await readAll(store.open(blob.key))).toString()).toBe('hello world');
    expect((await readAll(store.open(blob.key, { start: 6, end: 9 }))).toString()).toBe('worl');
    expect(await store.size(blob.key)).toBe(11);
  });

  it('uploads a large instance in parts and stores it byte for byte', async () => {
    const part = Buffer.alloc(1024 * 1024);
    const chunks = Array.from({ length: 20 }, (_, i) => Buffer.from(part.fill(i)));
    const blob = await store.put(Readable.from(chunks), { maxBytes: 64 * 1024 * 1024 });
    const expected = createHash('sha256');
    chunks.forEach((c) => expected.update(c));
    expect(blob).toMatchObject({ size: 20 * 1024 * 1024, sha256: expected.digest('hex') });
    const back = await readAll(store.open(blob.key));
    expect(createHash('sha256').update(back).digest('hex')).toBe(blob.sha256);
  });

  it('refuses an instance past the limit and leaves no object behind', async () => {
    const before = await objectCount();
    expect(before).toBeGreaterThan(0); // the earlier tests' objects are listed
    const chunks = Array.from({ length: 12 }, () => Buffer.alloc(1024 * 1024, 1));
    await expect(
      store.put(Readable.from(chunks), { maxBytes: 10 * 1024 * 1024 }),
    ).rejects.toBeInstanceOf(BlobTooLarge);
    expect(await objectCount()).toBe(before);
  });

  it('removes objects and refuses keys that are not ours', async () => {
    const blob = await store.put(Readable.from([Buffer.from('x')]), { maxBytes: 10 });
    await store.remove(blob.key);
    await expect(store.size(blob.key)).rejects.toThrow();
    expect(() => store.open('../../etc/passwd')).toThrow(/invalid blob key/);
  });
});

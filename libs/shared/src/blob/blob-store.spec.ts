import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BlobTooLarge, FileBlobStore } from './blob-store';

describe('FileBlobStore', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cmc-blob-'));
  const store = new FileBlobStore(root);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('streams bytes in, hashes them and reads them back', async () => {
    const chunks: number[] = [];
    const blob = await store.put(Readable.from([Buffer.from('hello '), Buffer.from('world')]), {
      maxBytes: 100,
      onChunk: (c) => chunks.push(c.length),
    });
    expect(blob).toMatchObject({
      size: 11,
      sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9',
    });
    expect(chunks).toEqual([6, 5]);
    const back: Buffer[] = [];
    for await (const c of store.open(blob.key)) back.push(c as Buffer);
    expect(Buffer.concat(back).toString()).toBe('hello world');
    expect(await store.size(blob.key)).toBe(11);
  });

  it('refuses a stream past the limit and keeps nothing', async () => {
    await expect(
      store.put(Readable.from([Buffer.alloc(60), Buffer.alloc(60)]), { maxBytes: 100 }),
    ).rejects.toBeInstanceOf(BlobTooLarge);
    expect(readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('refuses a key that could escape the root', () => {
    expect(() => store.open('../../etc/passwd')).toThrow(/invalid blob key/);
  });
});

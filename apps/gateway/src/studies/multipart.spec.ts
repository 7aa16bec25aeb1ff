import { Readable } from 'node:stream';
import { boundaryOf, MultipartError, readMultipart } from './multipart';

const LIMITS = { maxParts: 10, maxHeaderBytes: 1024 };

function body(boundary: string, parts: { headers: string; data: Buffer }[]): Buffer {
  const chunks: Buffer[] = [Buffer.from('preamble to ignore\r\n')];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n${p.headers}\r\n\r\n`), p.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\nepilogue`));
  return Buffer.concat(chunks);
}

function split(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

async function collect(source: Readable, boundary: string) {
  const seen: { headers: Record<string, string>; data: Buffer }[] = [];
  await readMultipart(
    source,
    boundary,
    async (headers, part) => {
      const chunks: Buffer[] = [];
      for await (const c of part) chunks.push(c as Buffer);
      seen.push({ headers, data: Buffer.concat(chunks) });
    },
    LIMITS,
  );
  return seen;
}

describe('readMultipart', () => {
  const boundary = 'dicom-batch-42';
  // Payloads that contain CRLFs, dashes and a near-miss of the delimiter.
  const a = Buffer.concat([Buffer.from('\r\n--dicom-batch-4'), Buffer.alloc(300, 7)]);
  const b = Buffer.from([0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff]);
  const bytes = body(boundary, [
    { headers: 'Content-Type: application/dicom', data: a },
    { headers: 'Content-Type: application/dicom\r\nContent-ID: <2>', data: b },
  ]);

  it('gives every part intact however the body is chunked', async () => {
    for (const size of [1, 2, 3, 7, 16, 17, 64, 4096]) {
      const parts = await collect(split(bytes, size), boundary);
      expect(parts.map((p) => p.data)).toEqual([a, b]);
      expect(parts[1].headers).toEqual({
        'content-type': 'application/dicom',
        'content-id': '<2>',
      });
    }
  });

  it('reads the boundary from quoted and bare Content-Type parameters', () => {
    expect(boundaryOf('multipart/related; type="application/dicom"; boundary="a b"')).toBe('a b');
    expect(boundaryOf('multipart/form-data; boundary=----x123')).toBe('----x123');
    expect(boundaryOf('multipart/related')).toBeNull();
  });

  it.each([
    ['a body without any boundary', Buffer.from('just bytes')],
    ['a body cut inside a part', bytes.subarray(0, 200)],
    ['a body with no parts', Buffer.from(`--${boundary}--\r\n`)],
    [
      'a malformed part header',
      Buffer.from(`--${boundary}\r\nno colon here\r\n\r\nx\r\n--${boundary}--`),
    ],
    ['headers that never end', Buffer.from(`--${boundary}\r\nX-A: ${'a'.repeat(2000)}`)],
  ])('refuses %s with a MultipartError', async (_name, input) => {
    await expect(collect(split(input, 5), boundary)).rejects.toBeInstanceOf(MultipartError);
  });

  it('refuses more parts than allowed', async () => {
    const many = body(
      boundary,
      Array.from({ length: 11 }, () => ({ headers: 'Content-Type: application/dicom', data: b })),
    );
    await expect(collect(split(many, 50), boundary)).rejects.toThrow('At most 10 parts');
  });

  it('discards the rest of a part whose handler gave up, and goes on', async () => {
    const big = body(boundary, [
      { headers: 'Content-Type: application/dicom', data: Buffer.alloc(1 << 20, 1) },
      { headers: 'Content-Type: application/dicom', data: b },
    ]);
    const results: string[] = [];
    await readMultipart(
      split(big, 1000),
      boundary,
      async (_h, part) => {
        const first = (await part[Symbol.asyncIterator]().next()).value as Buffer;
        results.push(first.length > 100 ? 'gave up' : first.toString('hex'));
      },
      LIMITS,
    );
    expect(results).toEqual(['gave up', b.toString('hex')]);
  });
});

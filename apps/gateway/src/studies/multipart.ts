import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';

/**
 * A streaming reader for multipart bodies (RFC 2046): DICOMweb STOW-RS sends
 * `multipart/related; type="application/dicom"`, browsers send `multipart/form-data`; both
 * frame parts the same way. Each part's body is handed over as a stream while the request is
 * still arriving, so a batch of large instances never sits in memory.
 */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

export interface MultipartLimits {
  maxParts: number;
  maxHeaderBytes: number;
}

export type PartHandler = (headers: Record<string, string>, body: Readable) => Promise<void>;

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary parameter of a multipart Content-Type, or null when there is none. */
export function boundaryOf(contentType: string): string | null {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : null;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`Malformed part header line: ${line.slice(0, 80)}`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * Feeds every part to `onPart` in order and waits for each before the next. A handler that
 * gives up early (its promise settles before the part ends) gets the rest of its part
 * discarded rather than a stalled request.
 */
export async function readMultipart(
  source: AsyncIterable<Buffer>,
  boundary: string,
  onPart: PartHandler,
  limits: MultipartLimits,
): Promise<number> {
  const opening = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buf: Buffer = Buffer.alloc(0);
  let state: 'preamble' | 'after-boundary' | 'headers' | 'body' | 'done' = 'preamble';
  let parts = 0;
  let body: PassThrough | null = null;
  let handled: Promise<void> | null = null;
  let settled = false;

  const startPart = (headers: Record<string, string>) => {
    if (++parts > limits.maxParts)
      throw new MultipartError(`At most ${limits.maxParts} parts per request`);
    body = new PassThrough();
    // The handler learns of an abort through its own reads; this keeps a destroy with a
    // reason from becoming an unhandled 'error' event when it was not reading at that moment.
    body.on('error', () => undefined);
    settled = false;
    handled = onPart(headers, body).finally(() => (settled = true));
    handled.catch(() => undefined); // awaited at the end of the part
  };
  const write = async (data: Buffer) => {
    if (!body || data.length === 0 || settled) return;
    if (!body.write(data)) await Promise.race([once(body, 'drain'), handled]);
  };
  const endPart = async () => {
    body?.end();
    await handled;
    body = null;
    handled = null;
  };

  const abort = async (reason: Error) => {
    body?.destroy(reason);
    await handled?.catch(() => undefined);
  };
  try {
    await consume();
  } catch (error) {
    await abort(error as Error);
    throw error;
  }
  if (parts === 0) throw new MultipartError('The multipart body has no parts');
  return parts;

  async function consume(): Promise<void> {
    for await (const chunk of source) {
      // After the closing boundary only the epilogue remains: read and ignore it, since
      // leaving the loop would destroy the request before the answer is written.
      if (state === 'done') continue;
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        if (state === 'preamble') {
          const at = buf.indexOf(opening);
          if (at < 0) {
            buf = buf.subarray(Math.max(0, buf.length - opening.length)); // keep a partial match
            break;
          }
          buf = buf.subarray(at + opening.length);
          state = 'after-boundary';
        } else if (state === 'after-boundary') {
          if (buf.length < 2) break;
          if (buf[0] === 0x2d && buf[1] === 0x2d) {
            state = 'done';
            break;
          }
          const eol = buf.indexOf(CRLF);
          if (eol < 0) {
            if (buf.length > 256) throw new MultipartError('Malformed boundary line');
            break;
          }
          buf = buf.subarray(eol + 2); // transport padding after the boundary is allowed
          state = 'headers';
        } else if (state === 'headers') {
          const end = buf.indexOf(HEADER_END);
          const empty = buf.subarray(0, 2).equals(CRLF);
          if (end < 0 && !empty) {
            if (buf.length > limits.maxHeaderBytes)
              throw new MultipartError(`Part headers exceed ${limits.maxHeaderBytes} bytes`);
            break;
          }
          startPart(empty ? {} : parseHeaders(buf.subarray(0, end).toString('latin1')));
          buf = buf.subarray(empty ? 2 : end + 4);
          state = 'body';
        } else if (state === 'body') {
          const at = buf.indexOf(delimiter);
          if (at < 0) {
            // Hand over all but a tail that could be the start of the delimiter.
            const safe = Math.max(0, buf.length - delimiter.length);
            await write(buf.subarray(0, safe));
            buf = Buffer.from(buf.subarray(safe));
            break;
          }
          await write(buf.subarray(0, at));
          await endPart();
          buf = buf.subarray(at + delimiter.length);
          state = 'after-boundary';
        } else break;
      }
    }
    if (state !== 'done') {
      throw new MultipartError(
        parts === 0
          ? 'No multipart boundary found in the body'
          : 'The body ended before the closing boundary',
      );
    }
  }
}

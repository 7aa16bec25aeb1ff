import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Response } from 'express';

/**
 * A multipart/related answer (RFC 2387) written part by part as each is read from storage,
 * so retrieving a 2,000-image study never holds more than one chunk in memory.
 */
export class MultipartWriter {
  private readonly boundary = `cmc-${randomBytes(12).toString('hex')}`;
  private started = false;

  constructor(
    private readonly res: Response,
    private readonly type: string,
  ) {}

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.res.status(200);
    this.res.setHeader(
      'Content-Type',
      `multipart/related; type="${this.type}"; boundary=${this.boundary}`,
    );
  }

  private async write(data: Buffer | string): Promise<void> {
    if (!this.res.write(data))
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          this.res.off('close', closed);
          resolve();
        };
        const closed = () => {
          this.res.off('drain', done);
          reject(new Error('the client went away'));
        };
        this.res.once('drain', done);
        this.res.once('close', closed);
      });
  }

  async part(contentType: string, body: Readable | Buffer, location?: string): Promise<void> {
    this.start();
    const head = `--${this.boundary}\r\nContent-Type: ${contentType}\r\n${location ? `Content-Location: ${location}\r\n` : ''}\r\n`;
    await this.write(head);
    if (Buffer.isBuffer(body)) await this.write(body);
    else for await (const chunk of body) await this.write(chunk as Buffer);
    await this.write('\r\n');
  }

  async end(): Promise<void> {
    this.start();
    await this.write(`--${this.boundary}--\r\n`);
    this.res.end();
  }
}

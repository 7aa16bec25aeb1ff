import { connect } from 'node:net';
import * as hl7 from 'simple-hl7';

/**
 * The HL7 tests' side of the wire, built on simple-hl7 (independent of our parser and
 * framing): a HIS sending ADT/ORM and reading ACKs, and a HIS receiving ORU results.
 */
export const parseHl7 = (text: string): hl7.Hl7Message =>
  new hl7.Parser({ segmentSeperator: '\r' }).parse(text);

/** Sends over simple-hl7's MLLP client; the ACK it parsed, or an error after `timeoutMs`. */
export function sendHl7(port: number, text: string, timeoutMs = 10_000): Promise<hl7.Hl7Message> {
  return new Promise((resolve, reject) => {
    const client = hl7.Server.createTcpClient('127.0.0.1', port);
    const timer = setTimeout(() => {
      client.close();
      reject(new Error('no ACK'));
    }, timeoutMs);
    client.send(text, (err, ack) => {
      clearTimeout(timer);
      if (err || !ack) reject(err ?? new Error('no ACK'));
      else resolve(ack);
    });
  });
}

/** MSA-1, MSA-2, MSA-3 and ERR-2 (segment^sequence^field) of an ACK, via simple-hl7. */
export function ackFields(ack: hl7.Hl7Message) {
  const msa = ack.getSegment('MSA');
  const err = ack.getSegment('ERR');
  return {
    code: msa?.getField(1) ?? '',
    controlId: msa?.getField(2) ?? '',
    text: msa?.getField(3) ?? '',
    errSegment: err?.getComponent(2, 1) ?? '',
    errField: err?.getComponent(2, 3) ?? '',
    errCode: err?.getComponent(3, 1) ?? '',
  };
}

/**
 * Raw bytes on a fresh connection: for encodings simple-hl7 cannot write (GB 18030) and for
 * broken framing. Resolves with every byte the server sent until it closed or went quiet.
 */
export function sendRaw(
  port: number,
  bytes: Buffer,
  quietMs = 1500,
): Promise<{ reply: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const parts: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ reply: Buffer.concat(parts), closed });
    };
    const quiet = () => {
      clearTimeout(timer);
      timer = setTimeout(() => done(false), quietMs);
    };
    socket.on('connect', () => {
      socket.write(bytes);
      quiet();
    });
    socket.on('data', (chunk: Buffer) => {
      parts.push(chunk);
      quiet();
    });
    socket.on('error', () => done(true));
    socket.on('close', () => done(true));
  });
}

export const mllp = (body: Buffer) => Buffer.concat([Buffer.of(0x0b), body, Buffer.of(0x1c, 0x0d)]);

/** A HIS receiving results: simple-hl7's MLLP server, answering AA to each message. */
export class Hl7Receiver {
  readonly received: hl7.Hl7Message[] = [];
  private app?: hl7.App;

  constructor(readonly port: number) {}

  start(): void {
    const app = hl7.tcp();
    app.use((req: hl7.Req | undefined, res: hl7.Res | undefined, next: (err?: unknown) => void) => {
      // simple-hl7 calls its handlers without a request on a socket error (a peer's reset).
      if (!req || !res) return next();
      this.received.push(req.msg);
      res.end();
    });
    app.start(this.port);
    this.app = app;
  }

  stop(): void {
    this.app?.stop();
    this.app = undefined;
  }
}

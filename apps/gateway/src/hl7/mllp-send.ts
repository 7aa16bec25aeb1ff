import { connect } from 'node:net';
import { charsetOf, decodeHl7, encodeHl7, rawMsh18 } from './hl7-charset';
import { parseHl7, segmentsOf, valueOf } from './hl7-message';
import { frame, MllpDeframer } from './mllp-framer';

export type SendOutcome =
  { kind: 'ack'; code: string; text: string } | { kind: 'error'; error: string };

/** An ACK is small; a receiver that answers with more is not answering our message. */
const MAX_ACK_BYTES = 64 * 1024;

/**
 * Sends one message over a fresh MLLP connection and waits for its ACK (original mode,
 * HL7 v2.5.1 §2.9.2), all within `timeoutMs`. An ACK must echo our MSH-10 in MSA-2; one that
 * names another message is treated as no answer. Never throws.
 */
export function sendOverMllp(
  host: string,
  port: number,
  message: string,
  charset: string,
  controlId: string,
  timeoutMs: number,
): Promise<SendOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const deframer = new MllpDeframer(MAX_ACK_BYTES);
    let done = false;
    const finish = (outcome: SendOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ kind: 'error', error: `no ACK within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on('error', (e) => finish({ kind: 'error', error: e.message }));
    socket.on('close', () => finish({ kind: 'error', error: 'connection closed before an ACK' }));
    socket.on('connect', () =>
      socket.write(frame(encodeHl7(message, charsetOf(charset) ?? 'UNICODE UTF-8'))),
    );
    socket.on('data', (chunk: Buffer) => {
      for (const event of deframer.feed(chunk)) {
        if (event.kind === 'error') return finish({ kind: 'error', error: `ACK: ${event.reason}` });
        finish(readAck(event.bytes, controlId));
      }
    });
  });
}

export function readAck(bytes: Buffer, controlId: string): SendOutcome {
  try {
    const set = charsetOf(rawMsh18(bytes) ?? '') ?? 'UNICODE UTF-8';
    const ack = parseHl7(decodeHl7(bytes, set), 100);
    const msa = segmentsOf(ack, 'MSA')[0];
    const code = valueOf(ack, msa, 1);
    if (!msa || !code) return { kind: 'error', error: 'answer has no MSA-1' };
    if (valueOf(ack, msa, 2) !== controlId)
      return { kind: 'error', error: 'ACK names another message (MSA-2)' };
    return { kind: 'ack', code, text: valueOf(ack, msa, 3).slice(0, 200) };
  } catch {
    return { kind: 'error', error: 'answer is not an HL7 ACK' };
  }
}

/**
 * MLLP framing (HL7 v2.5.1 Implementation Guide, "Minimal Lower Layer Protocol" release 2,
 * appendix C.4): <VT=0x0B> message <FS=0x1C><CR=0x0D>. Written here rather than taken from
 * node-hl7-server because we need the message as raw bytes (MSH-18 decides how to decode
 * them) and a hard ceiling on what one peer may make us hold (docs/decisions/0014-hl7-mllp.md).
 */
export const VT = 0x0b;
export const FS = 0x1c;
export const CR = 0x0d;
const LF = 0x0a;

export type FrameEvent =
  { kind: 'message'; bytes: Buffer } | { kind: 'error'; reason: string; partial: Buffer };

/** Wraps one encoded message in an MLLP block. */
export function frame(message: Buffer): Buffer {
  return Buffer.concat([Buffer.of(VT), message, Buffer.of(FS, CR)]);
}

/**
 * Cuts a byte stream into MLLP blocks. Between blocks only CR/LF is tolerated (some engines
 * send one); anything else, a start byte inside a block, an end byte not followed by CR, or a
 * block over `maxBytes` ends the stream with an error: the peer is out of step and nothing it
 * sends after can be trusted to start at a message boundary.
 */
export class MllpDeframer {
  private parts: Buffer[] = [];
  private size = 0;
  private inside = false;
  private sawFs = false;
  private failed = false;

  constructor(private readonly maxBytes: number) {}

  /** True while a block has started and not ended (the idle timer then measures a stall). */
  get midMessage(): boolean {
    return this.inside;
  }

  feed(chunk: Buffer): FrameEvent[] {
    const events: FrameEvent[] = [];
    if (this.failed) return events;
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (!this.inside) {
        if (b === VT) {
          this.inside = true;
          start = i + 1;
        } else if (b !== CR && b !== LF) {
          return this.fail(events, 'bytes outside an MLLP block (expected 0x0B)');
        }
        continue;
      }
      if (this.sawFs) {
        if (b !== CR) return this.fail(events, 'end-of-block 0x1C not followed by 0x0D');
        this.sawFs = false;
        this.inside = false;
        events.push({ kind: 'message', bytes: this.take() });
        continue;
      }
      if (b === FS) {
        if (!this.keep(chunk.subarray(start, i)))
          return this.fail(events, 'message larger than allowed');
        this.sawFs = true;
      } else if (b === VT) {
        this.keep(chunk.subarray(start, i));
        return this.fail(events, 'start-of-block 0x0B inside a message');
      }
    }
    if (this.inside && !this.sawFs && !this.keep(chunk.subarray(start)))
      return this.fail(events, 'message larger than allowed');
    return events;
  }

  private keep(part: Buffer): boolean {
    if (part.length === 0) return this.size <= this.maxBytes;
    this.size += part.length;
    if (this.size > this.maxBytes) return false;
    this.parts.push(part);
    return true;
  }

  private take(): Buffer {
    const bytes = Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    return bytes;
  }

  private fail(events: FrameEvent[], reason: string): FrameEvent[] {
    this.failed = true;
    // What we hold (at most maxBytes) is handed back so an AR can still echo MSH-10.
    const partial = Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    events.push({ kind: 'error', reason, partial });
    return events;
  }
}

/**
 * Watches the PDU framing of an upper-layer connection (PS3.8 9.3) before dcmjs-dimse reads it.
 * The library buffers a whole PDU whatever length the peer claims (up to 4 GiB), so a lying
 * length would let one peer fill the gateway's memory; here a PDU longer than we could have
 * agreed to, or of a type PS3.8 does not define, ends the connection first.
 */
export class PduGuard {
  private header = Buffer.alloc(0);
  private remaining = 0;

  constructor(private readonly maxPduBytes: number) {}

  /** Feeds the next bytes; returns why the connection must end, or null while it is sound. */
  feed(chunk: Buffer): string | null {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - at);
        this.remaining -= take;
        at += take;
        continue;
      }
      const need = 6 - this.header.length;
      const part = chunk.subarray(at, at + need);
      this.header = Buffer.concat([this.header, part]);
      at += part.length;
      if (this.header.length < 6) return null;
      const type = this.header[0];
      const length = this.header.readUInt32BE(2);
      this.header = Buffer.alloc(0);
      if (type < 0x01 || type > 0x07) return `unknown PDU type 0x${type.toString(16)}`;
      if (length > this.maxPduBytes)
        return `a PDU of ${length} bytes is longer than the ${this.maxPduBytes} we accept`;
      this.remaining = length;
    }
    return null;
  }
}

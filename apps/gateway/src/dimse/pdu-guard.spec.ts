import { PduGuard } from './pdu-guard';

const pdu = (type: number, body: Buffer) => {
  const head = Buffer.alloc(6);
  head[0] = type;
  head.writeUInt32BE(body.length, 2);
  return Buffer.concat([head, body]);
};

describe('PduGuard', () => {
  it('passes well-formed PDUs however the bytes are split', () => {
    const stream = Buffer.concat([pdu(0x01, Buffer.alloc(300)), pdu(0x04, Buffer.alloc(1000))]);
    for (const size of [1, 5, 6, 7, 64, stream.length]) {
      const guard = new PduGuard(1024);
      for (let at = 0; at < stream.length; at += size)
        expect(guard.feed(stream.subarray(at, at + size))).toBeNull();
    }
  });

  it('ends a PDU that claims more than we accept, before its body arrives', () => {
    const guard = new PduGuard(1024);
    const head = Buffer.from([0x04, 0, 0xff, 0xff, 0xff, 0xff]);
    expect(guard.feed(head)).toMatch(/4294967295 bytes is longer than the 1024/);
  });

  it('ends a PDU type PS3.8 does not define, even after sound ones', () => {
    const guard = new PduGuard(1024);
    expect(guard.feed(pdu(0x05, Buffer.alloc(4)))).toBeNull();
    expect(guard.feed(pdu(0x09, Buffer.alloc(4)))).toMatch(/unknown PDU type 0x9/);
    expect(new PduGuard(1024).feed(Buffer.from([0, 0, 0, 0, 0, 0]))).toMatch(/type 0x0/);
  });
});

import { frame, MllpDeframer } from './mllp-framer';

const msg = (s: string) => Buffer.from(s, 'latin1');

describe('MLLP framing', () => {
  it('cuts blocks out of any chunking, CR/LF between blocks tolerated', () => {
    const stream = Buffer.concat([frame(msg('MSH|one')), msg('\r\n'), frame(msg('MSH|two'))]);
    for (let split = 1; split < stream.length; split++) {
      const d = new MllpDeframer(1024);
      const events = [...d.feed(stream.subarray(0, split)), ...d.feed(stream.subarray(split))];
      expect(events.map((e) => (e.kind === 'message' ? e.bytes.toString() : e.kind))).toEqual([
        'MSH|one',
        'MSH|two',
      ]);
    }
  });

  it('refuses bytes before the start block, a second start block, and FS without CR', () => {
    expect(new MllpDeframer(99).feed(msg('MSH|x'))[0]).toMatchObject({ kind: 'error' });
    const inner = new MllpDeframer(99).feed(msg('\x0bMSH|a\x0bMSH|b\x1c\r'));
    expect(inner).toEqual([
      { kind: 'error', reason: 'start-of-block 0x0B inside a message', partial: msg('MSH|a') },
    ]);
    expect(new MllpDeframer(99).feed(msg('\x0bMSH|a\x1cX'))[0]).toMatchObject({
      kind: 'error',
      reason: 'end-of-block 0x1C not followed by 0x0D',
    });
  });

  it('stops at the size limit, whatever the chunking, and then ignores the rest', () => {
    const d = new MllpDeframer(10);
    expect(d.feed(msg('\x0b12345'))).toEqual([]);
    expect(d.midMessage).toBe(true);
    expect(d.feed(msg('678901'))[0]).toMatchObject({
      kind: 'error',
      reason: 'message larger than allowed',
    });
    expect(d.feed(frame(msg('MSH|ok')))).toEqual([]);
    // Exactly at the limit is taken.
    expect(new MllpDeframer(6).feed(frame(msg('MSH|ok')))[0]).toMatchObject({ kind: 'message' });
  });
});

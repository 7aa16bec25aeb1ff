import * as iconv from 'iconv-lite';
import { charsetOf, decodeHl7, encodeHl7, rawMsh18 } from './hl7-charset';

describe('MSH-18 character sets', () => {
  const head = (msh18: string) =>
    `MSH|^~\\&|HIS|PJ|CMC|CMC|20270101||ADT^A04|1|P|2.5.1|||||CHN|${msh18}\rPID|1`;

  it('reads MSH-18 from the raw bytes before decoding', () => {
    expect(rawMsh18(Buffer.from(head('GB 18030-2000')))).toBe('GB 18030-2000');
    expect(rawMsh18(Buffer.from(head('UNICODE UTF-8~GB 18030-2000')))).toBe('UNICODE UTF-8');
    expect(rawMsh18(Buffer.from('MSH|^~\\&|A\r'))).toBe('');
    expect(rawMsh18(Buffer.from('PID|1'))).toBeUndefined();
  });

  it('maps table 0211 names and common aliases; refuses others', () => {
    expect(charsetOf('')).toBe('UNICODE UTF-8');
    expect(charsetOf('gb18030')).toBe('GB 18030-2000');
    expect(charsetOf('UNICODE UTF-8')).toBe('UNICODE UTF-8');
    expect(charsetOf('ISO IR87')).toBeUndefined();
  });

  it('decodes GB 18030 and UTF-8 names exactly, refuses invalid bytes, and encodes back', () => {
    const name = '欧阳娜娜𠀀'; // a four-byte GB 18030 / supplementary-plane character too
    const gb = iconv.encode(name, 'gb18030');
    expect(decodeHl7(gb, 'GB 18030-2000')).toBe(name);
    expect(encodeHl7(name, 'GB 18030-2000').equals(gb)).toBe(true);
    expect(decodeHl7(Buffer.from(name), 'UNICODE UTF-8')).toBe(name);
    expect(() => decodeHl7(gb, 'UNICODE UTF-8')).toThrow();
  });
});

import { encodeDataset } from './dataset-encoding';
import { identifierCharset } from './identifier-charset';

const identifier = (charset: string, implicit: boolean) =>
  encodeDataset(
    [
      { tag: 0x00080005, vr: 'CS', value: charset },
      { tag: 0x00080050, vr: 'SH', value: '' },
      { tag: 0x00100010, vr: 'PN', value: '' },
    ],
    { implicit, encoding: 'utf8' },
  );

describe('identifierCharset', () => {
  it('reads the term from implicit and explicit little endian identifiers', () => {
    expect(identifierCharset(identifier('GB18030', true), true)).toBe('GB18030');
    expect(identifierCharset(identifier('ISO_IR 192', false), false)).toBe('ISO_IR 192');
    expect(identifierCharset(identifier('\\ISO 2022 IR 58', false), false)).toBe('ISO 2022 IR 58');
  });

  it('says nothing when the identifier has none, or is cut short or lies about a length', () => {
    const none = encodeDataset([{ tag: 0x00100010, vr: 'PN', value: '' }], {
      implicit: true,
      encoding: 'utf8',
    });
    expect(identifierCharset(none, true)).toBeUndefined();
    expect(identifierCharset(identifier('GB18030', true).subarray(0, 10), true)).toBeUndefined();
    const lying = Buffer.from(identifier('GB18030', true));
    lying.writeUInt32LE(0xfffffff0, 4);
    expect(identifierCharset(lying, true)).toBeUndefined();
    expect(identifierCharset(Buffer.alloc(0), false)).toBeUndefined();
  });
});

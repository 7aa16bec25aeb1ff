import { negotiate } from './negotiation';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const IMPLICIT = '1.2.840.10008.1.2';
const EXPLICIT = '1.2.840.10008.1.2.1';
const DEFLATE = '1.2.840.10008.1.2.1.99';
const JPEG = '1.2.840.10008.1.2.4.50';
const BIG_ENDIAN = '1.2.840.10008.1.2.2';

describe('presentation context negotiation', () => {
  it('accepts verification in the default syntax, storage in the first syntax proposed that we store, big endian last', () => {
    expect(
      negotiate([
        { id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: [EXPLICIT, IMPLICIT] },
        { id: 3, abstractSyntax: CT, transferSyntaxes: [DEFLATE, JPEG, EXPLICIT] },
        { id: 5, abstractSyntax: CT, transferSyntaxes: [BIG_ENDIAN, IMPLICIT] },
        { id: 7, abstractSyntax: CT, transferSyntaxes: [BIG_ENDIAN] },
      ]),
    ).toEqual([
      { id: 1, result: 'accept', transferSyntax: IMPLICIT },
      { id: 3, result: 'accept', transferSyntax: JPEG },
      { id: 5, result: 'accept', transferSyntax: IMPLICIT },
      { id: 7, result: 'accept', transferSyntax: BIG_ENDIAN },
    ]);
  });

  it('refuses classes we do not store and syntaxes we would have to inflate or transcode', () => {
    expect(
      negotiate([
        { id: 1, abstractSyntax: '1.2.840.10008.5.1.4.1.1.481.5', transferSyntaxes: [IMPLICIT] },
        { id: 3, abstractSyntax: CT, transferSyntaxes: [DEFLATE] },
        { id: 5, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: [EXPLICIT] },
        { id: 7, abstractSyntax: CT, transferSyntaxes: [] },
      ]).map((d) => d.result),
    ).toEqual([
      'abstract-syntax-not-supported',
      'transfer-syntaxes-not-supported',
      'transfer-syntaxes-not-supported',
      'transfer-syntaxes-not-supported',
    ]);
  });
});

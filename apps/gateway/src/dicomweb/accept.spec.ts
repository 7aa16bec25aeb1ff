import { acceptsDicomJson, acceptsMultipart, parseAccept } from './accept';

const LE = '1.2.840.10008.1.2.1';
const JPEG = '1.2.840.10008.1.2.4.50';

describe('DICOMweb Accept parsing (lenient, PS3.18 8.7)', () => {
  it('treats a missing Accept as anything', () => {
    expect(acceptsMultipart(parseAccept(undefined), 'application/dicom', [LE])).toBe(true);
    expect(acceptsDicomJson(parseAccept(''))).toBe(true);
  });

  it('understands quoted and unquoted type, repeated transfer-syntax, lists and q', () => {
    const ohif = parseAccept(
      'multipart/related; type=application/octet-stream; transfer-syntax=*; transfer-syntax=*',
    );
    expect(acceptsMultipart(ohif, 'application/octet-stream', [JPEG])).toBe(true);
    const quoted = parseAccept(
      'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1',
    );
    expect(acceptsMultipart(quoted, 'application/octet-stream', [LE])).toBe(true);
    expect(acceptsMultipart(quoted, 'application/octet-stream', [JPEG])).toBe(false);
    const list = parseAccept(
      `image/jls;q=0.9, multipart/related; type="application/dicom"; transfer-syntax=${JPEG}`,
    );
    expect(acceptsMultipart(list, 'application/dicom', [JPEG])).toBe(true);
    expect(acceptsMultipart(list, 'application/octet-stream', [JPEG])).toBe(false);
  });

  it('drops ranges with q=0 and garbage, and answers 406-worthy false when nothing is left', () => {
    expect(acceptsDicomJson(parseAccept('application/dicom+json;q=0, image/png'))).toBe(false);
    expect(acceptsDicomJson(parseAccept('not a media type, application/json'))).toBe(true);
    expect(acceptsMultipart(parseAccept('image/png'), 'application/dicom', [LE])).toBe(false);
    expect(acceptsMultipart(parseAccept('*/*'), 'application/dicom', [LE])).toBe(true);
  });

  it('bounds what it reads of a huge header', () => {
    const huge = Array.from({ length: 10_000 }, () => 'image/png').join(',');
    expect(parseAccept(huge).length).toBeLessThanOrEqual(50);
  });
});

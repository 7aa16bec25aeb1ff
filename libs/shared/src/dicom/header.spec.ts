import { textDecoding } from './charset';
import { DicomRejection, isValidUid, parseDicomHeader } from './header';
import { DicomElement, writePart10 } from './write-dicom';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const base = (over: DicomElement[] = []): DicomElement[] => {
  const elements: DicomElement[] = [
    { tag: 0x00080016, vr: 'UI', value: CT },
    { tag: 0x00080018, vr: 'UI', value: '1.2.3.4.5.6' },
    { tag: 0x00080020, vr: 'DA', value: '20261122' },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x00100010, vr: 'PN', value: 'ZHANG^SAN' },
    { tag: 0x00100020, vr: 'LO', value: 'P001' },
    { tag: 0x0020000d, vr: 'UI', value: '1.2.3.4' },
    { tag: 0x0020000e, vr: 'UI', value: '1.2.3.4.5' },
    { tag: 0x7fe00010, vr: 'OW', value: Buffer.alloc(64) },
  ];
  for (const o of over) {
    const i = elements.findIndex((e) => e.tag === o.tag);
    if (i >= 0) elements[i] = o;
    else elements.push(o);
  }
  return elements;
};
const reject = (bytes: Uint8Array) => {
  try {
    parseDicomHeader(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(DicomRejection);
    return (error as Error).message;
  }
  throw new Error('expected a rejection');
};

describe('DICOM header (D1 intake)', () => {
  it('reads the identifying attributes and where the pixel data starts', () => {
    const file = writePart10(CT, '1.2.3.4.5.6', base());
    const h = parseDicomHeader(file);
    expect(h).toMatchObject({
      sopClassUid: CT,
      sopInstanceUid: '1.2.3.4.5.6',
      studyInstanceUid: '1.2.3.4',
      seriesInstanceUid: '1.2.3.4.5',
      modality: 'CT',
      patientId: 'P001',
      patientName: 'ZHANG^SAN',
      studyDate: '20261122',
    });
    expect(file.subarray(h.headerLength, h.headerLength + 4)).toEqual(
      Buffer.from([0xe0, 0x7f, 0x10, 0x00]),
    );
  });

  it('decodes GB18030 and UTF-8 patient names', () => {
    /** A file whose Specific Character Set is `charset` and whose text `encode` writes in it. */
    const named = (charset: string, name: string, encode: (s: string) => Buffer) =>
      writePart10(
        CT,
        '1.2.3.4.5.6',
        base([
          { tag: 0x00080005, vr: 'CS', value: charset },
          { tag: 0x00100010, vr: 'PN', value: name },
        ]),
        { encode },
      );
    const gb = named('GB18030', '张三', (s) =>
      Buffer.from(
        new Uint8Array(
          [...s].flatMap(
            (ch) => ({ 张: [0xd5, 0xc5], 三: [0xc8, 0xfd] })[ch] ?? [ch.charCodeAt(0)],
          ),
        ),
      ),
    );
    expect(parseDicomHeader(gb).patientName).toBe('张三');
    const utf8 = named('ISO_IR 192', '李四', (s) => Buffer.from(s, 'utf8'));
    expect(parseDicomHeader(utf8).patientName).toBe('李四');
  });

  it('rejects what is not DICOM, truncated or lying about lengths', () => {
    expect(reject(Buffer.from('hello world'))).toContain('DICM');
    const file = writePart10(CT, '1.2.3.4.5.6', base());
    expect(reject(file.subarray(0, 140))).toMatch(/Malformed|Missing/);
    const lying = Buffer.from(file);
    const at = lying.indexOf(Buffer.from([0x10, 0x00, 0x20, 0x00])); // (0010,0020) PatientID
    lying.writeUInt16LE(0xfff0, at + 6);
    expect(reject(lying)).toMatch(/Malformed|runs past|Missing|not a valid/);
  });

  it('rejects missing or invalid UIDs, deflate and unknown transfer syntaxes', () => {
    expect(
      reject(
        writePart10(
          CT,
          '1.2.3.4.5.6',
          base().filter((e) => e.tag !== 0x0020000d),
        ),
      ),
    ).toContain('StudyInstanceUID');
    expect(
      reject(
        writePart10(CT, '1.2.3.4.5.6', base([{ tag: 0x0020000e, vr: 'UI', value: '1.02.3' }])),
      ),
    ).toContain('SeriesInstanceUID');
    expect(
      reject(writePart10(CT, '1.2.3.4.5.6', base(), { transferSyntax: '1.2.840.10008.1.2.1.99' })),
    ).toContain('Deflated');
    expect(reject(writePart10(CT, '1.2.3.4.5.6', base(), { transferSyntax: '1.2.3' }))).toContain(
      'Unsupported transfer syntax',
    );
    expect(reject(writePart10(CT, '9.9.9', base()))).toContain('MediaStorageSOPInstanceUID');
  });

  it('knows UID syntax and character sets', () => {
    expect(isValidUid('1.2.840.10008.1.2')).toBe(true);
    expect(isValidUid('1.2.')).toBe(false);
    expect(isValidUid('1.'.repeat(40) + '1')).toBe(false);
    // Every PS3.5 character set is decoded; an unknown term is shown raw, never refused.
    expect(textDecoding('\\ISO 2022 IR 87').supported).toBe(true);
    expect(textDecoding('ISO_IR 999').supported).toBe(false);
  });
});

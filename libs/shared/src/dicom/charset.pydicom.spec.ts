import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { textDecoding } from './charset';
import { parseDicomHeader } from './header';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.resolve(__dirname, '../../../../test/support/pydicom-charsets.py');
const ESC = '\x1b';
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

describe('DICOM character sets (PS3.5 6.1, Annexes H–K)', () => {
  it('decodes the standard’s own examples byte for byte', () => {
    // Annex H.3.1: Japanese, "\ISO 2022 IR 87".
    const japanese = bytes(
      'Yamada^Tarou=',
      `${ESC}$B`,
      [0x3b, 0x33, 0x45, 0x44],
      `${ESC}(B^${ESC}$B`,
      [0x42, 0x40, 0x4f, 0x3a],
      `${ESC}(B=${ESC}$B`,
      [0x24, 0x64, 0x24, 0x5e, 0x24, 0x40],
      `${ESC}(B^${ESC}$B`,
      [0x24, 0x3f, 0x24, 0x6d, 0x24, 0x26],
      `${ESC}(B`,
    );
    expect(textDecoding('\\ISO 2022 IR 87').decode(japanese, 'PN')).toBe(
      'Yamada^Tarou=山田^太郎=やまだ^たろう',
    );
    // Annex I.2: Korean, "\ISO 2022 IR 149".
    const korean = bytes(
      'Hong^Gildong=',
      `${ESC}$)C`,
      [0xfb, 0xf3],
      `^${ESC}$)C`,
      [0xd1, 0xce, 0xd4, 0xd7],
      `=${ESC}$)C`,
      [0xc8, 0xab],
      `^${ESC}$)C`,
      [0xb1, 0xe6, 0xb5, 0xbf],
    );
    expect(textDecoding('\\ISO 2022 IR 149').decode(korean, 'PN')).toBe(
      'Hong^Gildong=洪^吉洞=홍^길동',
    );
    // Annex K: Chinese GB2312 through ISO 2022, "\ISO 2022 IR 58".
    const gb2312 = bytes(
      'Zhang^XiaoDong=',
      `${ESC}$)A`,
      [0xd5, 0xc5],
      `^${ESC}$)A`,
      [0xd0, 0xa1, 0xb6, 0xab],
      '=',
    );
    expect(textDecoding('\\ISO 2022 IR 58').decode(gb2312, 'PN')).toBe('Zhang^XiaoDong=张^小东=');
    // Annex J: GB18030, no code extensions.
    expect(
      textDecoding('GB18030').decode(
        bytes('Wang^XiaoDong=', [0xcd, 0xf5, 0x5e, 0xd0, 0xa1, 0xb6, 0xab], '='),
        'PN',
      ),
    ).toBe('Wang^XiaoDong=王^小东=');
  });

  it('shows an unknown character set raw (Latin-1), never refusing the instance', () => {
    const d = textDecoding('ISO_IR 999');
    expect(d.supported).toBe(false);
    expect(d.decode(Buffer.from([0x41, 0xe9]), 'LO')).toBe('Aé');
  });

  describe('against pydicom, which encodes each case', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cmc-charsets-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const manifest = JSON.parse(execFileSync(PYTHON, [SCRIPT, dir], { encoding: 'utf8' })) as {
      version: string;
      cases: { file: string; charset: string; patientName: string; institution: string }[];
    };

    it.each(manifest.cases.map((c) => [c.charset, c]))('%s', (_charset, c) => {
      const header = parseDicomHeader(readFileSync(c.file));
      expect(header.characterSetSupported).toBe(true);
      // pydicom 2.3 writes "ISO 2022 IR 58" text without the escape sequence that designates
      // GB2312 and reads it back as Latin-1; we take GB2312 (Annex K), as Chinese devices mean.
      const expected =
        c.charset === '\\ISO 2022 IR 58' && manifest.version.startsWith('2.3')
          ? { patientName: 'Zhang^XiaoDong=张^小东=', institution: '区中医医院' }
          : c;
      expect(header.patientName?.replace(/=+$/, '')).toBe(expected.patientName.replace(/=+$/, ''));
      const institution = header.dataSet.elements.x00080080!;
      const raw = readFileSync(c.file).subarray(
        institution.dataOffset,
        institution.dataOffset + institution.length,
      );
      expect(header.decoding.decode(raw, 'LO').trim()).toBe(expected.institution);
    });
  });
});

import {
  mutateDicom as mutate,
  realisticSeeds,
  rng,
} from '../../../../test/support/dicom-builders';
import { DicomRejection, dicomParserFault, parseDicomHeader, unwrapParserError } from './header';
import { writePart10 } from './write-dicom';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const seedFile = writePart10(CT, '1.2.3.4.5.6', [
  { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' },
  { tag: 0x00080016, vr: 'UI', value: CT },
  { tag: 0x00080018, vr: 'UI', value: '1.2.3.4.5.6' },
  { tag: 0x00080060, vr: 'CS', value: 'CT' },
  { tag: 0x00100010, vr: 'PN', value: 'WANG^WU' },
  { tag: 0x00100020, vr: 'LO', value: 'P001' },
  { tag: 0x0020000d, vr: 'UI', value: '1.2.3.4' },
  { tag: 0x0020000e, vr: 'UI', value: '1.2.3.4.5' },
  { tag: 0x7fe00010, vr: 'OW', value: Buffer.alloc(256, 7) },
]);

function fuzz(seed: Buffer, seedNumber: number, cases: number) {
  const next = rng(seedNumber);
  let accepted = 0;
  let rejected = 0;
  for (let n = 0; n < cases; n++) {
    const input = mutate(seed, next);
    const started = performance.now();
    try {
      parseDicomHeader(input);
      accepted++;
    } catch (error) {
      // Only the file's faults are rejections: a TypeError of ours (or of the parser's) fails.
      if (!(error instanceof DicomRejection))
        throw new Error(
          `case ${n}: unexpected ${String((error as Error)?.name ?? error)}: ${String((error as Error)?.message ?? error)}`,
          {
            cause: error,
          },
        );
      rejected++;
    }
    // A hang guard, not a speed target: one small file must never take seconds.
    expect(performance.now() - started).toBeLessThan(2000);
  }
  return { accepted, rejected };
}

describe('DICOM header mutation fuzz', () => {
  it('answers every one of 5,000 mutated files with a header or a DicomRejection, quickly', () => {
    const { accepted, rejected } = fuzz(seedFile, 20261122, 5000);
    // Both outcomes occur (measured: about 3,000 accepted, 2,000 rejected): the oracle judged both.
    expect(accepted).toBeGreaterThan(500);
    expect(rejected).toBeGreaterThan(500);
  });

  it.each(
    realisticSeeds('1.2.826.0.1.3680043.10.88.7').map((s, i) => [s.name, s.file, i] as const),
  )(
    'answers 2,000 mutations of a real-looking file (%s) with a header or a DicomRejection',
    (_name, file, i) => {
      expect(() => parseDicomHeader(file)).not.toThrow(); // the seed itself is valid
      const { accepted, rejected } = fuzz(file, 4242 + i, 2000);
      expect(accepted).toBeGreaterThan(100);
      expect(rejected).toBeGreaterThan(100);
    },
  );

  it('calls only dicom-parser’s own reports of bad bytes malformed; a TypeError is not one', () => {
    const parserSays = 'dicomParser.readFixedString: attempt to read past end of buffer';
    expect(dicomParserFault(parserSays)).toBe(parserSays);
    expect(dicomParserFault({ exception: parserSays, dataSet: {} })).toBe(parserSays);
    expect(
      dicomParserFault({
        exception: 'littleEndianByteArrayParser.readUint16: position cannot be less than 0',
      }),
    ).toMatch(/^littleEndian/);
    expect(
      dicomParserFault(
        new Error('dicomParser.parseDicom: missing required meta header attribute 0002,0010'),
      ),
    ).toMatch(/0002,0010/);
    const ours = new TypeError("Cannot read properties of undefined (reading 'length')");
    expect(dicomParserFault(ours)).toBeNull();
    expect(dicomParserFault({ exception: ours, dataSet: {} })).toBeNull();
    expect(dicomParserFault(new RangeError('Invalid typed array length: -1'))).toBeNull();
    expect(dicomParserFault('some other string')).toBeNull();
    expect(unwrapParserError({ exception: ours, dataSet: {} })).toBe(ours);
  });
});

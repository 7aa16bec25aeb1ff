import { DicomElement, writePart10 } from '../dicom/write-dicom';
import { analyzeEcg, EcgAnalyzer, rateAnalyzer } from './analyzers';
import { decodeEcg, EcgRejection } from './decode';
import { ecgToJson } from './ecg-json';
import { beatMv, sequence, syntheticEcg, TWELVE_LEAD_ECG, TWELVE_LEADS } from './fixture';
import { measureRhythm } from './rhythm';
import { renderEcgSvg } from './svg';

const LEADS = TWELVE_LEADS.map(([lead]) => lead);

describe('decodeEcg', () => {
  it.each([
    [8, 'SB', 'uV', 20, 1, 0],
    [8, 'UB', 'uV', 20, 1, -2560], // stored 128 is 0 µV
    [16, 'SS', 'uV', 2.5, 1, 0],
    [16, 'US', 'uV', 2.5, 1, -81920], // stored 32768 is 0 µV
    [16, 'SS', 'mV', 0.005, 0.98, 0.185],
  ] as const)(
    '%i-bit %s in %s: sample × sensitivity × correction + baseline',
    (bits, interpretation, unit, sensitivity, correctionFactor, baseline) => {
      const ecg = decodeEcg(
        syntheticEcg({
          bpm: 72,
          groups: [
            { bits, interpretation, unit, sensitivity, correctionFactor, baseline, seconds: 2 },
          ],
        }),
      );
      const [group] = ecg.groups;
      expect(group).toMatchObject({ bitsAllocated: bits, interpretation, samplingFrequency: 500 });
      expect(group.channels.map((c) => c.lead)).toEqual(LEADS);
      const ii = group.channels[1];
      expect(ii).toMatchObject({ unit, sensitivity, correctionFactor, baseline });
      // Every sample is within one quantization step of the known signal.
      const step = (sensitivity * correctionFactor) / (unit === 'uV' ? 1000 : 1);
      for (let s = 0; s < group.numberOfSamples; s += 7) {
        const expected = Math.max(-2.5, Math.min(2.5, beatMv(s / 500, 72, 1)));
        expect(Math.abs(ii.millivolts![s] - expected)).toBeLessThanOrEqual(step * 0.51 + 1e-9);
      }
    },
  );

  it('applies the standard formula to hand-written samples: baseline in sensitivity units, added after scaling', () => {
    // PS3.3 Table C.10-10: Channel Baseline is the "offset of encoded sample value 0 from actual 0
    // using the units defined in the Channel Sensitivity Units Sequence".
    const raw = Buffer.alloc(6);
    [0, 100, -100].forEach((v, i) => raw.writeInt16LE(v, i * 2));
    const code = (value: string, scheme: string, meaning: string) => [
      { tag: 0x00080100, vr: 'SH', value },
      { tag: 0x00080102, vr: 'SH', value: scheme },
      { tag: 0x00080104, vr: 'LO', value: meaning },
    ];
    const group = [
      { tag: 0x003a0005, vr: 'US', value: [1] },
      { tag: 0x003a0010, vr: 'UL', value: [3] },
      { tag: 0x003a001a, vr: 'DS', value: '500' },
      sequence(0x003a0200, [
        [
          sequence(0x003a0208, [code('2:2', 'MDC', 'Lead II')]),
          { tag: 0x003a0210, vr: 'DS', value: '2.5' },
          sequence(0x003a0211, [code('uV', 'UCUM', 'microvolt')]),
          { tag: 0x003a0212, vr: 'DS', value: '0.98' },
          { tag: 0x003a0213, vr: 'DS', value: '-3' },
        ],
      ]),
      { tag: 0x54001004, vr: 'US', value: [16] },
      { tag: 0x54001006, vr: 'CS', value: 'SS' },
      { tag: 0x54001010, vr: 'OW', value: raw },
    ];
    const sop = '1.2.826.0.1.3680043.10.99.1';
    const bytes = writePart10(TWELVE_LEAD_ECG, sop, [
      { tag: 0x00080016, vr: 'UI', value: TWELVE_LEAD_ECG },
      { tag: 0x00080018, vr: 'UI', value: sop },
      { tag: 0x0020000d, vr: 'UI', value: '1.2.826.0.1.3680043.10.99' },
      { tag: 0x0020000e, vr: 'UI', value: '1.2.826.0.1.3680043.10.99.2' },
      sequence(0x54000100, [group as DicomElement[]]),
    ]);
    const [channel] = decodeEcg(bytes).groups[0].channels;
    expect(channel.lead).toBe('II');
    expect([...channel.values].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([-3, 242, -248]);
    expect([...channel.millivolts!].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([
      -0.003, 0.242, -0.248,
    ]);
  });

  it('decodes every multiplex group with its own rate and label', () => {
    const ecg = decodeEcg(
      syntheticEcg({
        bpm: 60,
        groups: [
          { label: 'RHYTHM', samplingFrequency: 500, seconds: 10 },
          { label: 'MEDIAN', samplingFrequency: 1000, seconds: 1.2, bits: 8, baseline: 100 },
        ],
      }),
    );
    expect(
      ecg.groups.map((g) => [g.label, g.samplingFrequency, g.numberOfSamples, g.bitsAllocated]),
    ).toEqual([
      ['RHYTHM', 500, 5000, 16],
      ['MEDIAN', 1000, 1200, 8],
    ]);
    expect(ecg.groups[1].channels[0].baseline).toBe(100);
    const json = ecgToJson(ecg, { groupIndex: 1, decimate: 10 });
    expect(json.groups).toHaveLength(1);
    expect(json.groups[0]).toMatchObject({
      label: 'MEDIAN',
      samplingFrequency: 100,
      numberOfSamples: 120,
    });
    expect(json.groups[0].channels[0]).toMatchObject({ lead: 'I', unit: 'mV' });
    expect(json.groups[0].channels[0].values).toHaveLength(120);
  });

  const ct = writePart10('1.2.840.10008.5.1.4.1.1.2', '1.2.3.4', [
    { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' },
    { tag: 0x00080018, vr: 'UI', value: '1.2.3.4' },
    { tag: 0x0020000d, vr: 'UI', value: '1.2.3' },
    { tag: 0x0020000e, vr: 'UI', value: '1.2.3.1' },
  ]);
  const good = syntheticEcg({ bpm: 72, groups: [{ seconds: 1 }] });
  /** The group item's fields sit at fixed offsets after their tags; patch them by search. */
  function patch(tag: number, vr: string, write: (b: Buffer, at: number) => void): Buffer {
    const b = Buffer.from(good);
    const needle = Buffer.alloc(6);
    needle.writeUInt16LE(tag >>> 16, 0);
    needle.writeUInt16LE(tag & 0xffff, 2);
    needle.write(vr, 4, 'latin1');
    const at = b.indexOf(needle);
    if (at < 0) throw new Error('tag not found');
    write(b, at + 8);
    return b;
  }
  it.each([
    ['random bytes', Buffer.from('not an ecg at all'.repeat(20))],
    ['an image without a waveform', ct],
    ['truncated waveform data', good.subarray(0, good.length - 100)],
    ['a lying sample count', patch(0x003a0010, 'UL', (b, at) => b.writeUInt32LE(2_000_000, at))],
    ['a lying channel count', patch(0x003a0005, 'US', (b, at) => b.writeUInt16LE(13, at))],
    ['12-bit samples', patch(0x54001004, 'US', (b, at) => b.writeUInt16LE(12, at))],
    ['a zero sampling frequency', patch(0x003a001a, 'DS', (b, at) => b.write('0  ', at, 'latin1'))],
    ['µ-law samples', patch(0x54001006, 'CS', (b, at) => b.write('MB', at, 'latin1'))],
  ])('refuses %s with an EcgRejection', (_why, bytes) => {
    expect(() => decodeEcg(bytes)).toThrow(EcgRejection);
  });

  it('lets nothing but EcgRejection escape 1,000 mutated files', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const small = syntheticEcg({ bpm: 72, groups: [{ seconds: 0.5, leads: 3 }] });
    let decoded = 0;
    for (let n = 0; n < 1000; n++) {
      const b = Buffer.from(small);
      const flips = 1 + Math.floor(random() * 8);
      for (let k = 0; k < flips; k++)
        b[132 + Math.floor(random() * (b.length - 132))] = Math.floor(random() * 256);
      const input = random() < 0.2 ? b.subarray(0, Math.floor(random() * b.length)) : b;
      try {
        decodeEcg(input, { maxSamples: 1_000_000 });
        decoded++;
      } catch (error) {
        if (!(error instanceof EcgRejection))
          throw new Error(`case ${n}: ${String(error)}`, { cause: error });
      }
    }
    expect(decoded).toBeGreaterThan(0);
  });
});

describe('measureRhythm', () => {
  it.each([40, 72, 150])('measures %i bpm within ±2 bpm, with noise and baseline wander', (bpm) => {
    const ecg = decodeEcg(syntheticEcg({ bpm, noiseMv: 0.03, wanderMv: 0.4, seed: bpm }));
    const rhythm = measureRhythm(ecg)!;
    expect(rhythm.lead).toBe('II');
    expect(Math.abs(rhythm.heartRateBpm - bpm)).toBeLessThanOrEqual(2);
    expect(Math.abs(rhythm.meanRrMs - 60_000 / bpm)).toBeLessThan(30);
    expect(rhythm.beats).toBeGreaterThanOrEqual(Math.floor((bpm / 60) * 10) - 1);
  });

  it('returns null for a flat line', () => {
    const ecg = decodeEcg(syntheticEcg({ bpm: 72, groups: [{ seconds: 3, sensitivity: 1e6 }] }));
    expect(measureRhythm(ecg)).toBeNull();
  });
});

describe('analysis', () => {
  it.each([
    [35, 'SEVERE_BRADYCARDIA', 'STAT'],
    [45, 'BRADYCARDIA', 'URGENT'],
    [72, null, null],
    [120, 'TACHYCARDIA', 'URGENT'],
    [170, 'SEVERE_TACHYCARDIA', 'STAT'],
  ])('%i bpm → %s, priority %s', (bpm, code, priority) => {
    const analysis = analyzeEcg(decodeEcg(syntheticEcg({ bpm, seed: 3 })));
    expect(analysis.findings.map((f) => f.code)).toEqual(code ? [code] : []);
    expect(analysis.suggestedPriority).toBe(priority);
  });

  it('takes plug-in analyzers, skips one that throws, and keeps the most urgent priority', () => {
    const urgent: EcgAnalyzer = {
      name: 'st',
      analyze: () => [
        { code: 'ST_ELEVATION', description: 'ST', analyzer: 'st', suggestedPriority: 'URGENT' },
      ],
    };
    const broken: EcgAnalyzer = {
      name: 'broken',
      analyze: () => {
        throw new Error('bug');
      },
    };
    const analysis = analyzeEcg(decodeEcg(syntheticEcg({ bpm: 35 })), [
      urgent,
      broken,
      rateAnalyzer,
    ]);
    expect(analysis.findings.map((f) => f.code)).toEqual(['ST_ELEVATION', 'SEVERE_BRADYCARDIA']);
    expect(analysis.suggestedPriority).toBe('STAT');
  });
});

describe('renderEcgSvg', () => {
  it('draws every lead at 25 mm/s and 10 mm/mV on the standard grid', () => {
    const svg = renderEcgSvg(decodeEcg(syntheticEcg({ bpm: 72, groups: [{ seconds: 10 }] })));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 262 360"')).toBe(
      true,
    );
    expect(svg.match(/<polyline class="lead"/g)).toHaveLength(12);
    expect(svg.match(/class="calibration" d="M1,15 H3 V5 H8 V15 H10"/)).not.toBeNull(); // 10 mm = 1 mV
    expect(svg).toContain('<pattern id="minor" width="1" height="1"');
    expect(svg).toContain('<pattern id="major" width="5" height="5"');
    expect(svg.endsWith('</svg>')).toBe(true);
    // Lead II's first R peak: 1.2 mV above baseline is 12 mm above the row's middle (y 45).
    const ii = /data-lead="II" [^>]*points="([^"]+)"/
      .exec(svg)![1]
      .split(' ')
      .map((p) => p.split(',').map(Number));
    expect(Math.min(...ii.map(([, y]) => y))).toBeCloseTo(45 - 12 * 1.0, 0);
  });

  it('escapes channel labels', () => {
    const ecg = decodeEcg(syntheticEcg({ bpm: 72, groups: [{ seconds: 1, leads: 1 }] }));
    ecg.groups[0].channels[0].lead = null;
    ecg.groups[0].channels[0].label = '<script>&';
    expect(renderEcgSvg(ecg)).toContain('&lt;script&gt;&amp;');
  });
});

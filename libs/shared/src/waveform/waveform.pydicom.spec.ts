import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeEcg } from './decode';
import { syntheticEcg, SyntheticEcgOptions } from './fixture';

/**
 * Our decoder against an independent one: pydicom's multiplex_array (Debian python3-pydicom,
 * installed by `scripts/infra.sh --test`), sample by sample, on generated waveforms.
 */
const PYTHON = '/usr/bin/python3';
const SCRIPT = path.resolve(__dirname, '../../../../test/support/pydicom-waveform.py');

function pydicomAvailable(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import pydicom, numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('ECG decoding matches pydicom', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cmc-ecg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has pydicom to compare with', () => {
    if (!pydicomAvailable())
      throw new Error('Debian pydicom is missing: apt-get install python3-pydicom (npm test does)');
  });

  // Baselines are in the sensitivity units (µV unless stated).
  const cases: [string, SyntheticEcgOptions][] = [
    ['8-bit SB', { bpm: 72, groups: [{ bits: 8, interpretation: 'SB', seconds: 2 }] }],
    [
      '8-bit UB, baseline -2560 µV',
      { bpm: 72, groups: [{ bits: 8, interpretation: 'UB', baseline: -2560, seconds: 2 }] },
    ],
    [
      '16-bit SS in mV, baseline 0.185 and correction 0.98',
      {
        bpm: 72,
        groups: [
          {
            interpretation: 'SS',
            unit: 'mV',
            sensitivity: 0.005,
            correctionFactor: 0.98,
            baseline: 0.185,
          },
        ],
      },
    ],
    [
      '16-bit US, baseline -81920 µV',
      { bpm: 90, groups: [{ interpretation: 'US', baseline: -81920, seconds: 3 }] },
    ],
    [
      'two multiplex groups',
      {
        bpm: 60,
        noiseMv: 0.02,
        groups: [
          { label: 'RHYTHM', samplingFrequency: 500, seconds: 10 },
          {
            label: 'MEDIAN',
            samplingFrequency: 1000,
            seconds: 1.2,
            bits: 8,
            baseline: 100,
            correctionFactor: 1.1,
          },
        ],
      },
    ],
  ];

  interface Reference {
    version: string;
    groups: {
      label: string;
      samplingFrequency: number;
      channels: {
        sensitivity: number;
        correction: number;
        baseline: number;
        raw: number[];
        pydicom: number[];
      }[];
    }[];
  }
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

  it.each(cases)('%s', (name, options) => {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.dcm`);
    const bytes = syntheticEcg(options);
    writeFileSync(file, bytes);
    const reference = JSON.parse(
      execFileSync(PYTHON, [SCRIPT, file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }),
    ) as Reference;
    // pydicom 2.4 applies the standard's formula; before it, the baseline was added to the
    // stored sample (pydicom #1667). Debian 12 ships 2.3.1.
    const [major, minor] = reference.version.split('.').map(Number);
    const standardPydicom = major > 2 || (major === 2 && minor >= 4);
    const ours = decodeEcg(bytes);
    expect(ours.groups).toHaveLength(reference.groups.length);
    let compared = 0;
    ours.groups.forEach((group, g) => {
      const theirs = reference.groups[g];
      expect(group.label).toBe(theirs.label);
      expect(group.samplingFrequency).toBe(theirs.samplingFrequency);
      expect(group.channels).toHaveLength(theirs.channels.length);
      group.channels.forEach((channel, c) => {
        const ref = theirs.channels[c];
        expect([channel.sensitivity, channel.correctionFactor, channel.baseline]).toEqual([
          ref.sensitivity,
          ref.correction,
          ref.baseline,
        ]);
        expect(channel.values.length).toBe(ref.raw.length);
        const scale = ref.sensitivity * ref.correction;
        for (let s = 0; s < ref.raw.length; s++) {
          // pydicom's stored samples and attributes, with the standard's formula.
          const standard = ref.raw[s] * scale + ref.baseline;
          const legacy = (ref.raw[s] + ref.baseline) * scale;
          const fail = (what: string, expected: number, got: number) =>
            new Error(`group ${g} channel ${c} sample ${s}: ${what} ${expected}, got ${got}`);
          if (!close(channel.values[s], standard))
            throw fail('standard formula on pydicom samples', standard, channel.values[s]);
          // pydicom's own physical values: equal to ours where its formula is the standard's
          // (or the baseline is 0), and exactly its known legacy formula otherwise.
          if (standardPydicom || ref.baseline === 0) {
            if (!close(channel.values[s], ref.pydicom[s]))
              throw fail('pydicom as_raw=False', ref.pydicom[s], channel.values[s]);
          } else if (!close(ref.pydicom[s], legacy)) {
            throw fail('pydicom < 2.4 legacy formula', legacy, ref.pydicom[s]);
          }
          compared++;
        }
      });
    });
    expect(compared).toBeGreaterThan(1000);
  });
});

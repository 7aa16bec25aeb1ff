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

  const cases: [string, SyntheticEcgOptions][] = [
    ['8-bit SB', { bpm: 72, groups: [{ bits: 8, interpretation: 'SB', seconds: 2 }] }],
    [
      '8-bit UB, baseline -128',
      { bpm: 72, groups: [{ bits: 8, interpretation: 'UB', baseline: -128, seconds: 2 }] },
    ],
    [
      '16-bit SS, baseline 37 and correction 0.98, in mV',
      {
        bpm: 72,
        groups: [
          {
            interpretation: 'SS',
            unit: 'mV',
            sensitivity: 0.005,
            correctionFactor: 0.98,
            baseline: 37,
          },
        ],
      },
    ],
    [
      '16-bit US, baseline -32768',
      { bpm: 90, groups: [{ interpretation: 'US', baseline: -32768, seconds: 3 }] },
    ],
    [
      'two multiplex groups',
      {
        bpm: 60,
        noiseMv: 0.02,
        groups: [
          { label: 'RHYTHM', samplingFrequency: 500, seconds: 10, baseline: -3 },
          {
            label: 'MEDIAN',
            samplingFrequency: 1000,
            seconds: 1.2,
            bits: 8,
            baseline: 5,
            correctionFactor: 1.1,
          },
        ],
      },
    ],
  ];

  it.each(cases)('%s', (name, options) => {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.dcm`);
    const bytes = syntheticEcg(options);
    writeFileSync(file, bytes);
    const reference = JSON.parse(
      execFileSync(PYTHON, [SCRIPT, file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }),
    ) as { label: string; samplingFrequency: number; channels: number[][] }[];
    const ours = decodeEcg(bytes);
    expect(ours.groups).toHaveLength(reference.length);
    let compared = 0;
    ours.groups.forEach((group, g) => {
      expect(group.label).toBe(reference[g].label);
      expect(group.samplingFrequency).toBe(reference[g].samplingFrequency);
      expect(group.channels).toHaveLength(reference[g].channels.length);
      group.channels.forEach((channel, c) => {
        const theirs = reference[g].channels[c];
        expect(channel.values.length).toBe(theirs.length);
        for (let s = 0; s < theirs.length; s++) {
          const tolerance = 1e-9 * Math.max(1, Math.abs(theirs[s]));
          if (Math.abs(channel.values[s] - theirs[s]) > tolerance)
            throw new Error(
              `group ${g} channel ${c} sample ${s}: ours ${channel.values[s]}, pydicom ${theirs[s]}`,
            );
          compared++;
        }
      });
    });
    expect(compared).toBeGreaterThan(1000);
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { syntheticEcg } from '../libs/shared/src/waveform/fixture';
import { writePart10 } from '../libs/shared/src/dicom/write-dicom';

/**
 * Sample files for the README tour: one CT slice (512×512, 16-bit) and two 12-lead ECGs
 * (72 bpm, and 160 bpm which the rate analyzer flags as severe tachycardia).
 *   npm run sample-dicom -- /tmp/cmc-samples      (from any folder of the project)
 * npm runs scripts in the project root; a relative folder is taken from where the caller stood
 * (INIT_CWD), as the caller meant it.
 */
const callerDir = process.env.INIT_CWD ?? process.cwd();
const dir = path.resolve(callerDir, process.argv[2] ?? 'samples');
mkdirSync(dir, { recursive: true });
const run = Date.now();
const CT = '1.2.840.10008.5.1.4.1.1.2';
const study = `1.2.826.0.1.3680043.10.5.${run}`;
const pixels = Buffer.alloc(512 * 512 * 2);
for (let i = 0; i < 512 * 512; i++)
  pixels.writeInt16LE(((i % 512) + Math.floor(i / 512)) % 2000, i * 2);
const files: Record<string, Buffer> = {
  'ct.dcm': writePart10(CT, `${study}.1.1`, [
    { tag: 0x00080016, vr: 'UI', value: CT },
    { tag: 0x00080018, vr: 'UI', value: `${study}.1.1` },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x00100010, vr: 'PN', value: 'ZHANG^SAN' },
    { tag: 0x0020000d, vr: 'UI', value: study },
    { tag: 0x0020000e, vr: 'UI', value: `${study}.1` },
    { tag: 0x00280010, vr: 'US', value: [512] },
    { tag: 0x00280011, vr: 'US', value: [512] },
    { tag: 0x00280100, vr: 'US', value: [16] },
    { tag: 0x7fe00010, vr: 'OW', value: pixels },
  ]),
  'ecg-72.dcm': syntheticEcg({
    bpm: 72,
    noiseMv: 0.02,
    uidRoot: `1.2.826.0.1.3680043.10.6.${run}`,
  }),
  'ecg-160.dcm': syntheticEcg({
    bpm: 160,
    noiseMv: 0.02,
    uidRoot: `1.2.826.0.1.3680043.10.6.${run + 1}`,
  }),
};
for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
console.log(`Wrote ${Object.keys(files).join(', ')} to ${dir}`);

import { DicomElement, encodeElement, writePart10 } from '../dicom/write-dicom';
import type { SampleInterpretation } from './decode';

/**
 * Synthetic ECGs with known values, for tests, the benchmark and the demo: PQRST beats as sums
 * of Gaussians at an exact rate, encoded with a chosen bit depth, interpretation, sensitivity,
 * correction factor and baseline, optionally with noise, baseline wander and a second
 * multiplex group. Deterministic for a given seed.
 */
export const TWELVE_LEAD_ECG = '1.2.840.10008.5.1.4.1.1.9.1.1';

/** Lead, MDC code (CID 3001), relative amplitude of the synthetic beat in that lead. */
export const TWELVE_LEADS: [string, string, number][] = [
  ['I', '2:1', 0.6],
  ['II', '2:2', 1],
  ['III', '2:61', 0.4],
  ['aVR', '2:62', -0.8],
  ['aVL', '2:63', 0.3],
  ['aVF', '2:64', 0.7],
  ['V1', '2:3', -0.5],
  ['V2', '2:4', 0.5],
  ['V3', '2:5', 0.9],
  ['V4', '2:6', 1.2],
  ['V5', '2:7', 1.1],
  ['V6', '2:8', 0.8],
];

export interface GroupSpec {
  label?: string;
  samplingFrequency?: number;
  seconds?: number;
  bits?: 8 | 16;
  interpretation?: SampleInterpretation;
  /** Channel Sensitivity in `unit` per stored unit. */
  sensitivity?: number;
  correctionFactor?: number;
  /** Channel Baseline, in `unit`: the physical value of stored sample 0. */
  baseline?: number;
  unit?: 'uV' | 'mV';
  leads?: number;
}

export interface SyntheticEcgOptions {
  bpm: number;
  groups?: GroupSpec[];
  noiseMv?: number;
  wanderMv?: number;
  seed?: number;
  uidRoot?: string;
  /** The instance's number under the study's series: SOP Instance UID `<root>.1.<n>`. */
  instanceNumber?: number;
}

/** Exported for tests: the millivolt value of lead `amplitude` at time t. */
export function beatMv(t: number, bpm: number, amplitude: number): number {
  const rr = 60 / bpm;
  const phase = ((t % rr) + rr) % rr;
  const waves: [number, number, number][] = [
    [0.15, -0.2 * Math.min(1, rr / 0.8), 0.025], // P
    [-0.1, -0.03, 0.01], // Q
    [1.2, 0, 0.012], // R
    [-0.25, 0.03, 0.012], // S
    [0.3, 0.25 * Math.min(1, rr / 0.8), 0.05], // T
  ];
  let v = 0;
  for (const shift of [0, rr, -rr])
    for (const [a, mu, sigma] of waves) {
      const x = phase - shift - mu - 0.3 * Math.min(1, rr / 0.8);
      v += a * Math.exp(-(x * x) / (2 * sigma * sigma));
    }
  return v * amplitude;
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function item(elements: DicomElement[]): Buffer {
  const body = Buffer.concat(
    [...elements].sort((a, b) => a.tag - b.tag).map((e) => encodeElement(e)),
  );
  const head = Buffer.alloc(8);
  head.writeUInt16LE(0xfffe, 0);
  head.writeUInt16LE(0xe000, 2);
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

export function sequence(tag: number, items: DicomElement[][]): DicomElement {
  return { tag, vr: 'SQ', value: Buffer.concat(items.map(item)) };
}

const code = (value: string, scheme: string, meaning: string): DicomElement[] => [
  { tag: 0x00080100, vr: 'SH', value },
  { tag: 0x00080102, vr: 'SH', value: scheme },
  { tag: 0x00080104, vr: 'LO', value: meaning },
];

const RANGE: Record<SampleInterpretation, [number, number]> = {
  SB: [-128, 127],
  UB: [0, 255],
  SS: [-32768, 32767],
  US: [0, 65535],
};

/** Stored samples for one group, interleaved by sample as the standard lays them out. */
export function encodeGroup(spec: GroupSpec, opts: SyntheticEcgOptions, random: () => number) {
  const fs = spec.samplingFrequency ?? 500;
  const n = Math.round((spec.seconds ?? 10) * fs);
  const bits = spec.bits ?? 16;
  const interp = spec.interpretation ?? (bits === 8 ? 'SB' : 'SS');
  const unit = spec.unit ?? 'uV';
  const sensitivity = spec.sensitivity ?? (unit === 'uV' ? (bits === 8 ? 20 : 2.5) : 0.005);
  const correction = spec.correctionFactor ?? 1;
  const baseline = spec.baseline ?? 0;
  const leads = TWELVE_LEADS.slice(0, spec.leads ?? 12);
  const perMv = unit === 'uV' ? 1000 : 1;
  const [lo, hi] = RANGE[interp];
  const data = Buffer.alloc(n * leads.length * (bits / 8));
  const gauss = () =>
    Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
  for (let s = 0; s < n; s++) {
    const t = s / fs;
    const wander = (opts.wanderMv ?? 0) * Math.sin(2 * Math.PI * 0.3 * t);
    leads.forEach(([, , amplitude], c) => {
      const mv = beatMv(t, opts.bpm, amplitude) + wander + (opts.noiseMv ?? 0) * gauss();
      const stored = Math.max(
        lo,
        Math.min(hi, Math.round((mv * perMv - baseline) / (sensitivity * correction))),
      );
      const at = (s * leads.length + c) * (bits / 8);
      if (interp === 'SB') data.writeInt8(stored, at);
      else if (interp === 'UB') data.writeUInt8(stored, at);
      else if (interp === 'SS') data.writeInt16LE(stored, at);
      else data.writeUInt16LE(stored, at);
    });
  }
  const channels = leads.map(([lead, mdc]) => [
    { tag: 0x003a0203, vr: 'SH', value: `Lead ${lead}` },
    sequence(0x003a0208, [code(mdc, 'MDC', `Lead ${lead}`)]),
    { tag: 0x003a0210, vr: 'DS', value: String(sensitivity) },
    sequence(0x003a0211, [code(unit, 'UCUM', unit === 'uV' ? 'microvolt' : 'millivolt')]),
    { tag: 0x003a0212, vr: 'DS', value: String(correction) },
    { tag: 0x003a0213, vr: 'DS', value: String(baseline) },
    { tag: 0x003a0215, vr: 'DS', value: '0' },
    { tag: 0x003a021a, vr: 'US', value: [bits] },
  ]);
  return [
    { tag: 0x003a0005, vr: 'US', value: [leads.length] },
    { tag: 0x003a0010, vr: 'UL', value: [n] },
    { tag: 0x003a001a, vr: 'DS', value: String(fs) },
    { tag: 0x003a0020, vr: 'SH', value: spec.label ?? 'RHYTHM' },
    sequence(0x003a0200, channels as DicomElement[][]),
    { tag: 0x54001004, vr: 'US', value: [bits] },
    { tag: 0x54001006, vr: 'CS', value: interp },
    { tag: 0x54001010, vr: bits === 8 ? 'OB' : 'OW', value: data },
  ] as DicomElement[];
}

export function syntheticEcg(opts: SyntheticEcgOptions): Buffer {
  const random = prng(opts.seed ?? 42);
  const root = opts.uidRoot ?? `1.2.826.0.1.3680043.10.7.${Math.floor(random() * 1e9)}`;
  const sop = `${root}.1.${opts.instanceNumber ?? 1}`;
  const groups = (opts.groups ?? [{}]).map((g) => encodeGroup(g, opts, random));
  return writePart10(TWELVE_LEAD_ECG, sop, [
    { tag: 0x00080016, vr: 'UI', value: TWELVE_LEAD_ECG },
    { tag: 0x00080018, vr: 'UI', value: sop },
    { tag: 0x00080060, vr: 'CS', value: 'ECG' },
    { tag: 0x00100010, vr: 'PN', value: 'TEST^ECG' },
    { tag: 0x00100020, vr: 'LO', value: 'ECG-0001' },
    { tag: 0x0020000d, vr: 'UI', value: root },
    { tag: 0x0020000e, vr: 'UI', value: `${root}.1` },
    sequence(0x54000100, groups),
  ]);
}

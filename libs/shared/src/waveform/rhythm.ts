import { DecodedEcg, EcgChannel, EcgGroup } from './decode';

export interface RhythmMeasurement {
  lead: string;
  heartRateBpm: number;
  rrIntervalsMs: number[];
  meanRrMs: number;
  beats: number;
}

const REFRACTORY_S = 0.25; // no two QRS complexes closer than this (a rate of 240 bpm)
const WINDOW_S = 0.15; // moving-window integration, about one QRS width

/** The rhythm strip to measure: the longest group, lead II when it has one. */
function pickLead(ecg: DecodedEcg): { group: EcgGroup; channel: EcgChannel } | null {
  const groups = [...ecg.groups].sort(
    (a, b) => b.numberOfSamples / b.samplingFrequency - a.numberOfSamples / a.samplingFrequency,
  );
  for (const group of groups) {
    const voltage = group.channels.filter((c) => c.millivolts);
    const channel = voltage.find((c) => c.lead === 'II') ?? voltage[0] ?? group.channels[0];
    if (channel) return { group, channel };
  }
  return null;
}

/**
 * R peaks by a Pan–Tompkins style detector: the derivative (which removes baseline wander),
 * squared, integrated over a QRS-wide window, an adaptive threshold at 30 % of the strong
 * peaks, a 250 ms refractory period; each beat is placed at the largest slope in its region.
 */
export function detectRPeaks(signal: Float64Array, fs: number): number[] {
  const n = signal.length;
  if (n < fs) return [];
  const energy = new Float64Array(n);
  for (let i = 1; i < n - 1; i++) {
    const d = (signal[i + 1] - signal[i - 1]) * fs;
    energy[i] = d * d;
  }
  const w = Math.max(1, Math.round(WINDOW_S * fs));
  const mwi = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += energy[i] - (i >= w ? energy[i - w] : 0);
    mwi[i] = sum / w;
  }
  const sorted = Float64Array.from(mwi).sort();
  const strong = sorted[Math.floor(0.99 * (n - 1))];
  if (!(strong > 0)) return [];
  const threshold = 0.3 * strong;
  const peaks: number[] = [];
  const refractory = Math.round(REFRACTORY_S * fs);
  let i = 0;
  while (i < n) {
    if (mwi[i] <= threshold) {
      i++;
      continue;
    }
    let best = i;
    while (i < n && mwi[i] > threshold) {
      if (mwi[i] > mwi[best]) best = i;
      i++;
    }
    // The integrated window peaks at the end of the QRS; the R wave is the sample in the
    // window before it that lies farthest from the window's mean (R is upright or inverted).
    const from = Math.max(0, best - w);
    let mean = 0;
    for (let k = from; k <= best; k++) mean += signal[k];
    mean /= best - from + 1;
    let r = from;
    for (let k = from; k <= best; k++)
      if (Math.abs(signal[k] - mean) > Math.abs(signal[r] - mean)) r = k;
    if (peaks.length && r - peaks[peaks.length - 1] < refractory) continue;
    peaks.push(r);
  }
  return peaks;
}

export function measureRhythm(ecg: DecodedEcg): RhythmMeasurement | null {
  const picked = pickLead(ecg);
  if (!picked) return null;
  const { group, channel } = picked;
  const signal = channel.millivolts ?? channel.values;
  const peaks = detectRPeaks(signal, group.samplingFrequency);
  if (peaks.length < 2) return null;
  const rr = peaks.slice(1).map((p, k) => ((p - peaks[k]) * 1000) / group.samplingFrequency);
  const meanRrMs = rr.reduce((a, b) => a + b, 0) / rr.length;
  return {
    lead: channel.lead ?? channel.label,
    heartRateBpm: Math.round((60_000 / meanRrMs) * 10) / 10,
    rrIntervalsMs: rr.map((x) => Math.round(x * 10) / 10),
    meanRrMs: Math.round(meanRrMs * 10) / 10,
    beats: peaks.length,
  };
}

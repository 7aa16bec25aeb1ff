/**
 * R-wave detection and rhythm figures from one lead, for the heart rate and RR shown beside the
 * tracing when the analyzer gave none, and for placing the calipers on two R waves. A small
 * Pan–Tompkins: slope energy over a QRS-wide window, an adaptive threshold, a refractory period.
 */

/** Physical values in mV from a channel's unit (the API answers mV when calibrated). */
export function toMillivolts(values: readonly number[], unit: string | null): number[] {
  const u = (unit ?? 'mV').toLowerCase();
  const factor = u === 'uv' || u === 'µv' || u === 'μv' ? 0.001 : u === 'v' ? 1000 : 1;
  return factor === 1 ? [...values] : values.map((v) => v * factor);
}

/** Sample indexes of the R waves of `values` (mV) sampled at `fs` Hz. */
export function detectRPeaks(values: ArrayLike<number>, fs: number): number[] {
  const n = values.length;
  if (n < fs || fs <= 0) return [];
  const energy = slopeEnergy(values, fs);
  const threshold = 0.3 * quantile(energy, 0.995);
  if (threshold <= 0) return [];
  const refractory = Math.round(0.25 * fs);
  const search = Math.round(0.06 * fs);
  const peaks: number[] = [];
  let i = 0;
  while (i < n) {
    if (energy[i] < threshold) {
      i++;
      continue;
    }
    let end = i;
    while (end < n && energy[end] >= threshold) end++;
    const peak = largestDeflection(
      values,
      Math.max(0, i - search),
      Math.min(n - 1, end + search),
      fs,
    );
    const previous = peaks[peaks.length - 1];
    if (previous === undefined || peak - previous >= refractory) peaks.push(peak);
    else if (Math.abs(values[peak]) > Math.abs(values[previous])) peaks[peaks.length - 1] = peak;
    i = end + 1;
  }
  return peaks;
}

/** Mean RR (ms) and the heart rate it gives, from R-wave sample indexes. */
export function rhythmOf(
  peaks: readonly number[],
  fs: number,
): { meanRrMs: number; heartRateBpm: number } | null {
  if (peaks.length < 2) return null;
  const meanRrMs = (((peaks[peaks.length - 1] - peaks[0]) / (peaks.length - 1)) * 1000) / fs;
  return { meanRrMs, heartRateBpm: 60_000 / meanRrMs };
}

/** Squared slope (mV/s)² averaged over 80 ms: large on QRS, small on P and T waves. */
function slopeEnergy(values: ArrayLike<number>, fs: number): Float64Array {
  const n = values.length;
  const squared = new Float64Array(n);
  for (let i = 1; i < n - 1; i++) squared[i] = (((values[i + 1] - values[i - 1]) * fs) / 2) ** 2;
  const half = Math.max(1, Math.round(0.04 * fs));
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < Math.min(n, half); i++) sum += squared[i];
  for (let i = 0; i < n; i++) {
    if (i + half < n) sum += squared[i + half];
    if (i - half - 1 >= 0) sum -= squared[i - half - 1];
    out[i] = sum / (2 * half + 1);
  }
  return out;
}

/** The sample furthest from the local baseline (mean of ±0.3 s) between two indexes. */
function largestDeflection(
  values: ArrayLike<number>,
  from: number,
  to: number,
  fs: number,
): number {
  const lo = Math.max(0, from - Math.round(0.3 * fs));
  const hi = Math.min(values.length - 1, to + Math.round(0.3 * fs));
  let mean = 0;
  for (let i = lo; i <= hi; i++) mean += values[i];
  mean /= hi - lo + 1;
  let best = from;
  for (let i = from; i <= to; i++)
    if (Math.abs(values[i] - mean) > Math.abs(values[best] - mean)) best = i;
  return best;
}

function quantile(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

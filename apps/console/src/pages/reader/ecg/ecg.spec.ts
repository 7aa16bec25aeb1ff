import { describe, expect, it } from '@jest/globals';
import { detectRPeaks, rhythmOf, toMillivolts } from './ecg-analysis';
import {
  calibrationPath,
  ecgGeometry,
  GRID_ROWS,
  intervalMs,
  ratePerMinute,
  secondsOfX,
  tracePoints,
  xOfSeconds,
  yOfMillivolts,
} from './ecg-layout';

/** A lead II-like tracing: P, QRS and T as Gaussians at an exact rate, wander and noise. */
function synthetic(bpm: number, fs: number, seconds = 10, noise = 0.02): number[] {
  const rr = 60 / bpm;
  let seed = bpm;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const waves: [number, number, number][] = [
    [0.15, -0.16, 0.025],
    [-0.1, -0.03, 0.01],
    [1.2, 0, 0.012],
    [-0.25, 0.03, 0.012],
    [0.3, 0.22, 0.05],
  ];
  return Array.from({ length: Math.round(seconds * fs) }, (_, i) => {
    const t = i / fs;
    const phase = (t % rr) - 0.3;
    let v = 0.2 * Math.sin(2 * Math.PI * 0.3 * t) + noise * random();
    for (const shift of [0, rr, -rr])
      for (const [a, mu, sigma] of waves)
        v += a * Math.exp(-((phase - shift - mu) ** 2) / (2 * sigma ** 2));
    return v;
  });
}

describe('ECG paper geometry', () => {
  const g = ecgGeometry();

  it('draws 25 mm per second and 10 mm per millivolt', () => {
    expect(xOfSeconds(g, 1) - xOfSeconds(g, 0)).toBe(25);
    expect(secondsOfX(g, xOfSeconds(g, 2.5))).toBeCloseTo(2.5);
    expect(yOfMillivolts(50, 1)).toBe(40);
    expect(yOfMillivolts(50, -0.5)).toBe(55);
    expect(g.traceWidth).toBe(250);
  });

  it('lays out 3×4 leads plus the rhythm strip, on whole big squares', () => {
    expect(GRID_ROWS.flat()).toHaveLength(12);
    expect(new Set(GRID_ROWS.flat()).size).toBe(12);
    expect(GRID_ROWS.map((r) => r[0])).toEqual(['I', 'II', 'III']);
    expect(g.baselines).toHaveLength(4);
    expect(g.width % 5).toBe(0);
    expect(g.height % 5).toBe(0);
  });

  it('puts each sample at its own time and voltage, one column after another', () => {
    const values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const pts = tracePoints(g, values, 2, 2.5, 5, 100).split(' ');
    // 2 Hz: samples 5..9 are at 2.5 s … 4.5 s
    expect(pts).toHaveLength(5);
    expect(pts[0]).toBe(`${(g.traceX0 + 62.5).toFixed(2)},${(100 - 50).toFixed(2)}`);
    expect(tracePoints(g, values, 2, 0, 2.5, 100).split(' ')).toHaveLength(5);
  });

  it('draws a 1 mV calibration pulse 200 ms wide', () => {
    const path = calibrationPath(g, 60);
    expect(path).toContain('V50');
    const [, start, end] = /H(\d+(?:\.\d+)?) V50 H(\d+(?:\.\d+)?)/.exec(path)!;
    expect(Number(end) - Number(start)).toBe(5);
  });

  it('measures a caliper interval in ms and the rate it gives', () => {
    expect(intervalMs(40, 60)).toBe(800);
    expect(intervalMs(60, 40)).toBe(800);
    expect(ratePerMinute(800)).toBe(75);
    expect(ratePerMinute(0)).toBeNull();
  });
});

describe('R-wave detection', () => {
  it.each([
    [72, 500],
    [72, 250],
    [45, 250],
    [160, 250],
  ])('finds every R wave of a %i bpm tracing at %i Hz', (bpm, fs) => {
    const peaks = detectRPeaks(synthetic(bpm, fs), fs);
    const expected = Math.floor((10 * bpm) / 60);
    expect(Math.abs(peaks.length - expected)).toBeLessThanOrEqual(1);
    const rhythm = rhythmOf(peaks, fs)!;
    expect(Math.abs(rhythm.heartRateBpm - bpm)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(rhythm.meanRrMs - 60_000 / bpm)).toBeLessThanOrEqual(10);
    // Each found peak is on an R wave (0.3 s into each cycle), not on a T wave.
    const rr = 60 / bpm;
    for (const p of peaks) {
      const phase = (p / fs) % rr;
      expect(Math.min(Math.abs(phase - 0.3), rr - Math.abs(phase - 0.3))).toBeLessThan(0.02);
    }
  });

  it('finds nothing in a flat line or a too short one', () => {
    expect(detectRPeaks(new Array(2500).fill(0), 250)).toEqual([]);
    expect(detectRPeaks([1, 2, 3], 250)).toEqual([]);
    expect(rhythmOf([10], 250)).toBeNull();
  });

  it('converts microvolts to millivolts', () => {
    expect(toMillivolts([1000, -500], 'uV')).toEqual([1, -0.5]);
    expect(toMillivolts([1.5], 'mV')).toEqual([1.5]);
    expect(toMillivolts([2], null)).toEqual([2]);
  });
});

/**
 * Geometry of the ECG on standard paper, in millimetres (the SVG's user unit): 25 mm/s and
 * 10 mm/mV, the 3×4 layout (each lead 2.5 s of the same 10 s, as a 12-channel cart prints it)
 * and a 10 s lead II rhythm strip. Pure, so the scale can be checked without a browser.
 */
export const MM_PER_SECOND = 25;
export const MM_PER_MV = 10;
/** Seconds each lead shows in the 3×4 part; four columns make the 10 s of the strip. */
export const SEGMENT_SECONDS = 2.5;
export const STRIP_SECONDS = 10;

export const GRID_ROWS: readonly (readonly string[])[] = [
  ['I', 'aVR', 'V1', 'V4'],
  ['II', 'aVL', 'V2', 'V5'],
  ['III', 'aVF', 'V3', 'V6'],
];
export const RHYTHM_LEAD = 'II';

/** Room for the 1 mV calibration pulse before each row's trace. */
const CAL_WIDTH = 10;
const MARGIN = 5;
const ROW_HEIGHT = 30;

export interface Geometry {
  width: number;
  height: number;
  /** x of t = 0 of every row. */
  traceX0: number;
  traceWidth: number;
  rowHeight: number;
  /** Baseline (0 mV) y of the three lead rows and, last, of the rhythm strip. */
  baselines: number[];
}

export function ecgGeometry(): Geometry {
  const traceWidth = STRIP_SECONDS * MM_PER_SECOND;
  const rows = GRID_ROWS.length + 1;
  // Whole big squares (5 mm) each way, so the grid closes neatly at the edges.
  const width = Math.ceil((MARGIN + CAL_WIDTH + traceWidth + MARGIN) / 5) * 5;
  const height = MARGIN * 2 + rows * ROW_HEIGHT;
  return {
    width,
    height,
    traceX0: MARGIN + CAL_WIDTH,
    traceWidth,
    rowHeight: ROW_HEIGHT,
    // The baseline sits a little below the row's middle: QRS complexes mostly point up.
    baselines: Array.from({ length: rows }, (_, r) => MARGIN + r * ROW_HEIGHT + ROW_HEIGHT * 0.6),
  };
}

/** x (mm) of a time (s) from the start of the recording. */
export const xOfSeconds = (g: Geometry, seconds: number) => g.traceX0 + seconds * MM_PER_SECOND;
/** Time (s) at x (mm). */
export const secondsOfX = (g: Geometry, x: number) => (x - g.traceX0) / MM_PER_SECOND;
/** y (mm) of a voltage (mV) on a row's baseline. */
export const yOfMillivolts = (baseline: number, mv: number) => baseline - mv * MM_PER_MV;

/**
 * SVG polyline points of `values` (mV, `fs` Hz) from `fromS` to `toS`, drawn at their own time
 * on the row whose baseline is given.
 */
export function tracePoints(
  g: Geometry,
  values: ArrayLike<number>,
  fs: number,
  fromS: number,
  toS: number,
  baseline: number,
): string {
  const first = Math.max(0, Math.ceil(fromS * fs));
  // Samples before `toS` only: the next column starts at toS.
  const last = Math.min(values.length - 1, Math.ceil(toS * fs) - 1);
  const out: string[] = [];
  for (let i = first; i <= last; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    out.push(`${xOfSeconds(g, i / fs).toFixed(2)},${yOfMillivolts(baseline, v).toFixed(2)}`);
  }
  return out.join(' ');
}

/** The standard 1 mV, 200 ms calibration pulse in front of a row. */
export function calibrationPath(g: Geometry, baseline: number): string {
  const x = g.traceX0 - 9;
  const top = yOfMillivolts(baseline, 1);
  const width = 0.2 * MM_PER_SECOND;
  return `M${x},${baseline} H${x + 2} V${top} H${x + 2 + width} V${baseline} H${g.traceX0 - 1}`;
}

/** Interval between two caliper positions (mm), in ms. */
export const intervalMs = (xa: number, xb: number) => (Math.abs(xb - xa) / MM_PER_SECOND) * 1000;

/** A rate (per minute) from an interval taken as one cycle, or null for a zero interval. */
export const ratePerMinute = (ms: number) => (ms > 0 ? 60_000 / ms : null);

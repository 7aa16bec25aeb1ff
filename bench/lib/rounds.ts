import { round } from './load';

/**
 * Issue 16 item 4: a benchmark compares sides that run one after the other on the same
 * machine, so drift (page cache, autovacuum, a busy neighbour) favours whichever ran in the
 * quieter moment. Every side therefore runs once per round, the order rotates from round to
 * round (each side goes first once in three rounds of two or three sides), and the figure
 * that counts is the median of the per-round ratios, not a ratio of totals.
 */
export interface RoundsSettings {
  /** BENCH_ROUNDS, at least 1; 3 unless smoke-testing. */
  rounds: number;
  /** BENCH_SECONDS per side per round; the issue asks for at least 10. */
  seconds: number;
  /**
   * BENCH_SETTLE_MS before each side: what the previous side set off (outbox relay, event
   * consumers, webhook deliveries) finishes first instead of slowing the next side down.
   */
  settleMs: number;
}

export interface RoundReport<R> {
  round: number;
  order: string[];
  sides: Record<string, R>;
  ratios: Record<string, number>;
}

export interface RoundsReport<R> {
  rounds: RoundReport<R>[];
  medianRatios: Record<string, number>;
}

/** A ratio of two sides, named as it appears in the report (`{ ours: 'gateway', of: 'orthanc' }`). */
export interface RatioSpec<R> {
  name: string;
  value: (sides: Record<string, R>) => number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : round(s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2);
}

/** `a ÷ b`, or 0 when the reference measured nothing (a failed side must not look fast). */
export const ratioOf = (a: number, b: number): number => (b > 0 ? round(a / b) : 0);

/**
 * Runs every side once per round, rotating who goes first, and reports each round and the
 * median of each ratio. `run` gets the round number so a side can use fresh data per round.
 */
export async function alternatingRounds<R>(
  settings: RoundsSettings,
  sides: Record<string, (roundNumber: number) => Promise<R>>,
  ratios: RatioSpec<R>[],
  onRound?: (report: RoundReport<R>) => void,
): Promise<RoundsReport<R>> {
  const names = Object.keys(sides);
  const reports: RoundReport<R>[] = [];
  for (let r = 0; r < Math.max(1, settings.rounds); r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    const results: Record<string, R> = {};
    for (const name of order) {
      if (settings.settleMs > 0) await new Promise((done) => setTimeout(done, settings.settleMs));
      results[name] = await sides[name](r + 1);
    }
    const report: RoundReport<R> = {
      round: r + 1,
      order,
      sides: results,
      ratios: Object.fromEntries(ratios.map((spec) => [spec.name, spec.value(results)])),
    };
    reports.push(report);
    onRound?.(report);
  }
  return {
    rounds: reports,
    medianRatios: Object.fromEntries(
      ratios.map((spec) => [spec.name, median(reports.map((x) => x.ratios[spec.name]))]),
    ),
  };
}

/** BENCH_SMOKE=1: one round of one second a side; proves the bench runs, measures nothing. */
export const SMOKE = process.env.BENCH_SMOKE === '1';

export function roundsSettings(defaultSeconds = 10): RoundsSettings {
  const seconds = Number(process.env.BENCH_SECONDS ?? defaultSeconds);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const settleMs = Number(process.env.BENCH_SETTLE_MS ?? 3000);
  if (SMOKE) return { rounds: 1, seconds: 1, settleMs: 0 };
  if (!(seconds > 0) || !Number.isInteger(rounds) || rounds < 1 || !(settleMs >= 0))
    throw new Error(
      'BENCH_SECONDS must be positive, BENCH_ROUNDS a whole number ≥ 1 and BENCH_SETTLE_MS ≥ 0',
    );
  return { rounds, seconds, settleMs };
}

import type { DecodedEcg } from './decode';

/** Most points a channel gets in one JSON answer unless the caller asks for a finer step. */
export const DEFAULT_POINTS_PER_CHANNEL = 5000;

/**
 * A JSON-friendly view of the decoded window: plain arrays, 4 decimals, optionally one group,
 * every `decimate`-th sample (by default as coarse as keeps DEFAULT_POINTS_PER_CHANNEL points).
 */
export function ecgToJson(ecg: DecodedEcg, opts: { groupIndex?: number; decimate?: number } = {}) {
  const groups =
    opts.groupIndex === undefined
      ? ecg.groups
      : ecg.groups.filter((g) => g.index === opts.groupIndex);
  const round = (v: number) => Math.round(v * 10_000) / 10_000;
  return {
    sopClassUid: ecg.sopClassUid,
    groups: groups.map((g) => {
      const decoded = g.channels[0]?.values.length ?? 0;
      const step = Math.max(
        1,
        Math.floor(opts.decimate ?? Math.ceil(decoded / DEFAULT_POINTS_PER_CHANNEL)),
      );
      const end = g.firstSample + decoded;
      return {
        index: g.index,
        label: g.label,
        samplingFrequency: g.samplingFrequency / step,
        numberOfSamples: Math.ceil(decoded / step),
        /** Which samples of the file this answer holds; `nextStart` pages on (null at the end). */
        window: {
          start: g.firstSample,
          count: decoded,
          step,
          totalSamples: g.numberOfSamples,
          nextStart: end < g.numberOfSamples ? end : null,
        },
        bitsAllocated: g.bitsAllocated,
        interpretation: g.interpretation,
        channels: g.channels.map((c) => {
          const source = c.millivolts ?? c.values;
          const values: number[] = [];
          for (let i = 0; i < source.length; i += step) values.push(round(source[i]));
          return {
            index: c.index,
            lead: c.lead,
            label: c.label,
            source: c.source,
            unit: c.millivolts ? 'mV' : c.unit,
            sensitivity: c.sensitivity,
            correctionFactor: c.correctionFactor,
            baseline: c.baseline,
            values,
          };
        }),
      };
    }),
  };
}

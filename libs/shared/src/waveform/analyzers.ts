import { DecodedEcg } from './decode';
import { measureRhythm, RhythmMeasurement } from './rhythm';

export type ReadingPriority = 'STAT' | 'URGENT' | 'ROUTINE';
const ORDER: ReadingPriority[] = ['STAT', 'URGENT', 'ROUTINE'];

export interface EcgFinding {
  code: string;
  description: string;
  analyzer: string;
  suggestedPriority: ReadingPriority;
}

/** A pluggable analysis step: pure, given the decoded waveform and the measured rhythm. */
export interface EcgAnalyzer {
  readonly name: string;
  analyze(ecg: DecodedEcg, rhythm: RhythmMeasurement | null): EcgFinding[];
}

// Common clinical ECG screening cut-offs for a resting adult: < 50 / > 100 bpm are brady- and
// tachycardia worth an early read; < 40 / > 150 bpm need a reader now.
export const SEVERE_BRADYCARDIA_BPM = 40;
export const BRADYCARDIA_BPM = 50;
export const TACHYCARDIA_BPM = 100;
export const SEVERE_TACHYCARDIA_BPM = 150;

export const rateAnalyzer: EcgAnalyzer = {
  name: 'rate',
  analyze(_ecg, rhythm) {
    if (!rhythm) return [];
    const hr = rhythm.heartRateBpm;
    const finding = (code: string, text: string, suggestedPriority: ReadingPriority) => [
      { code, description: `${text} (${hr} bpm)`, analyzer: 'rate', suggestedPriority },
    ];
    if (hr < SEVERE_BRADYCARDIA_BPM)
      return finding('SEVERE_BRADYCARDIA', '严重心动过缓 severe bradycardia', 'STAT');
    if (hr > SEVERE_TACHYCARDIA_BPM)
      return finding('SEVERE_TACHYCARDIA', '严重心动过速 severe tachycardia', 'STAT');
    if (hr < BRADYCARDIA_BPM) return finding('BRADYCARDIA', '心动过缓 bradycardia', 'URGENT');
    if (hr > TACHYCARDIA_BPM) return finding('TACHYCARDIA', '心动过速 tachycardia', 'URGENT');
    return [];
  },
};

export interface EcgAnalysis {
  rhythm: RhythmMeasurement | null;
  findings: EcgFinding[];
  /** The most urgent priority any finding asks for, or null. */
  suggestedPriority: ReadingPriority | null;
}

/** Runs every analyzer; one that throws is skipped, so a faulty plug-in never blocks intake. */
export function analyzeEcg(
  ecg: DecodedEcg,
  analyzers: readonly EcgAnalyzer[] = [rateAnalyzer],
): EcgAnalysis {
  const rhythm = measureRhythm(ecg);
  const findings = analyzers.flatMap((a) => {
    try {
      return a.analyze(ecg, rhythm);
    } catch {
      return [];
    }
  });
  const suggestedPriority =
    ORDER.find((p) => findings.some((f) => f.suggestedPriority === p)) ?? null;
  return { rhythm, findings, suggestedPriority };
}

import type { Readable } from 'node:stream';
import {
  analyzeEcg,
  AppError,
  decodeEcg,
  DecodedEcg,
  DecodeOptions,
  EcgRejection,
  EcgSummary,
  ErrorCode,
} from '@app/shared';

/** ECG files are small (a 10 s 12-lead at 500 Hz is ~120 kB); anything far larger is refused. */
export const MAX_ECG_BYTES = 64 * 1024 * 1024;

export async function readWhole(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      stream.destroy();
      throw new AppError(
        ErrorCode.PAYLOAD_TOO_LARGE,
        `A waveform instance may be at most ${maxBytes} bytes`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * What the analyzers read at upload: the first 60 s at 500 Hz. Rhythm is measured on 10 s strips;
 * an hour-long tracing must not cost an hour of samples in memory.
 */
export const ANALYZED_SAMPLES = 30_000;

/** Decodes a stored waveform, turning a malformed one into a 400 that names the fault. */
export function decodeOrRefuse(bytes: Buffer, window?: DecodeOptions['window']): DecodedEcg {
  try {
    return decodeEcg(bytes, { window });
  } catch (error) {
    if (error instanceof EcgRejection)
      throw AppError.validation(`Waveform: ${error.message}`, [
        { path: 'WaveformSequence', message: error.message },
      ]);
    throw error;
  }
}

/** D2 at upload: what the analyzers measured, sent with the instance for the diagnosis service. */
export function summarizeEcg(ecg: DecodedEcg): EcgSummary {
  const analysis = analyzeEcg(ecg);
  const longest = [...ecg.groups].sort(
    (a, b) => b.numberOfSamples / b.samplingFrequency - a.numberOfSamples / a.samplingFrequency,
  )[0];
  return {
    leads: longest ? longest.channels.map((c) => (c.lead ?? c.label).slice(0, 64)) : [],
    samplingFrequency: longest?.samplingFrequency ?? 1,
    seconds: longest
      ? Math.round((longest.numberOfSamples / longest.samplingFrequency) * 1000) / 1000
      : 0,
    heartRateBpm: analysis.rhythm?.heartRateBpm ?? null,
    meanRrMs: analysis.rhythm ? Math.round(analysis.rhythm.meanRrMs * 10) / 10 : null,
    findings: analysis.findings.slice(0, 50).map((f) => ({
      code: f.code.slice(0, 64),
      description: f.description.slice(0, 500),
      analyzer: f.analyzer.slice(0, 64),
      suggestedPriority: f.suggestedPriority,
    })),
    suggestedPriority: analysis.suggestedPriority,
  };
}

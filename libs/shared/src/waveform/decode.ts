import * as dicomParser from 'dicom-parser';
import {
  DicomRejection,
  dicomParserFault,
  parseDicomHeader,
  unwrapParserError,
} from '../dicom/header';
import { leadName } from './leads';

/**
 * DICOM waveform decoding (PS3.3 C.10.9 Waveform Module) for the ECG IODs (PS3.3 A.34).
 * Physical value = stored sample × Channel Sensitivity × Correction Factor + Channel Baseline, in
 * the Channel Sensitivity Units: Table C.10-10 defines the baseline as the "offset of encoded
 * sample value 0 from actual 0 using the units defined in the Channel Sensitivity Units
 * Sequence", so it is added after scaling. (pydicom before 2.4 added it before scaling; fixed in
 * pydicom PR #1715. The cross-check test handles both.)
 */
export const ECG_SOP_CLASSES: ReadonlySet<string> = new Set([
  '1.2.840.10008.5.1.4.1.1.9.1.1', // 12-lead ECG
  '1.2.840.10008.5.1.4.1.1.9.1.2', // General ECG
  '1.2.840.10008.5.1.4.1.1.9.1.3', // Ambulatory ECG
]);

export class EcgRejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EcgRejection';
  }
}

export type SampleInterpretation = 'SB' | 'UB' | 'SS' | 'US';

export interface EcgChannel {
  index: number;
  /** Standard lead name (I, II, III, aVR, aVL, aVF, V1–V6) from the channel source code. */
  lead: string | null;
  label: string;
  source: { scheme: string | null; code: string | null; meaning: string | null };
  unit: string | null;
  sensitivity: number;
  correctionFactor: number;
  baseline: number;
  /** Physical values in `unit` (raw values when the channel has no sensitivity). */
  values: Float64Array;
  /** The same values in millivolts when `unit` is a voltage, else null. */
  millivolts: Float64Array | null;
}

export interface EcgGroup {
  index: number;
  label: string | null;
  samplingFrequency: number;
  /** Samples per channel in the file; the channels hold `firstSample` … (a window of them). */
  numberOfSamples: number;
  firstSample: number;
  bitsAllocated: 8 | 16;
  interpretation: SampleInterpretation;
  channels: EcgChannel[];
}

export interface DecodedEcg {
  sopClassUid: string;
  groups: EcgGroup[];
}

/** What a channel's Channel Sensitivity Units (UCUM) are worth in millivolts. */
const MILLIVOLTS_PER: Record<string, number> = { uV: 0.001, mV: 1, V: 1000 };

const DEFAULT_MAX_SAMPLES = 10_000_000;

export interface DecodeOptions {
  /** Refuse a file holding more samples than this (all groups and channels). */
  maxSamples?: number;
  /**
   * Decode only samples `start` … `start + count - 1` of each channel: the whole file is still
   * checked, but memory grows with the window, not with an hour-long tracing.
   */
  window?: { start: number; count: number };
}

export function decodeEcg(bytes: Buffer, opts: DecodeOptions = {}): DecodedEcg {
  let header;
  try {
    header = parseDicomHeader(bytes);
  } catch (error) {
    // Only the file's faults are refusals; a TypeError of ours propagates (a 500, a failed test).
    if (error instanceof DicomRejection) throw new EcgRejection(error.message);
    throw error;
  }
  if (
    header.transferSyntaxUid !== '1.2.840.10008.1.2' &&
    header.transferSyntaxUid !== '1.2.840.10008.1.2.1'
  )
    throw new EcgRejection('Waveforms are read from uncompressed little-endian files only');
  let ds: dicomParser.DataSet;
  try {
    ds = dicomParser.parseDicom(bytes);
  } catch (error) {
    throw parserFaultOrRethrow(error);
  }
  const items = ds.elements.x54000100?.items;
  if (!items || items.length === 0) throw new EcgRejection('No WaveformSequence (5400,0100)');
  if (items.length > 16) throw new EcgRejection('More than 16 multiplex groups');
  let budget = opts.maxSamples ?? DEFAULT_MAX_SAMPLES;
  const groups = items.map((item, index) => {
    if (!item.dataSet) throw new EcgRejection(`Multiplex group ${index} is empty`);
    let group: EcgGroup;
    try {
      // dicom-parser's accessors throw its read-past-the-end messages for a lying element.
      group = decodeGroup(bytes, item.dataSet, index, budget, opts.window);
    } catch (error) {
      if (error instanceof EcgRejection) throw error;
      throw parserFaultOrRethrow(error);
    }
    budget -= group.numberOfSamples * group.channels.length;
    return group;
  });
  return { sopClassUid: header.sopClassUid, groups };
}

/** dicom-parser's report of malformed bytes → an EcgRejection; any other error is rethrown. */
function parserFaultOrRethrow(error: unknown): EcgRejection {
  const fault = dicomParserFault(error);
  if (fault === null) throw unwrapParserError(error);
  return new EcgRejection(`Malformed DICOM: ${fault.slice(0, 200)}`);
}

function num(ds: dicomParser.DataSet, tag: string): number | null {
  const text = ds.string(tag);
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text.trim());
  if (!Number.isFinite(value)) throw new EcgRejection(`${tag} is not a number`);
  return value;
}

function text(ds: dicomParser.DataSet | undefined, tag: string): string | null {
  return ds?.string(tag)?.replace(/\0/g, '').trim() || null;
}

function decodeGroup(
  bytes: Buffer,
  g: dicomParser.DataSet,
  index: number,
  budget: number,
  window?: { start: number; count: number },
): EcgGroup {
  const where = `multiplex group ${index}`;
  const channelCount = g.uint16('x003a0005');
  const sampleCount = g.uint32('x003a0010');
  const frequency = num(g, 'x003a001a');
  const bits = g.uint16('x54001004');
  const interpretation = text(g, 'x54001006');
  if (!channelCount || channelCount > 64)
    throw new EcgRejection(`${where}: NumberOfWaveformChannels must be 1–64`);
  if (!sampleCount) throw new EcgRejection(`${where}: NumberOfWaveformSamples is missing or 0`);
  if (!frequency || frequency <= 0 || frequency > 100_000)
    throw new EcgRejection(`${where}: SamplingFrequency must be > 0 Hz`);
  if (bits !== 8 && bits !== 16)
    throw new EcgRejection(`${where}: WaveformBitsAllocated ${bits} is not 8 or 16`);
  const allowed = bits === 8 ? ['SB', 'UB'] : ['SS', 'US'];
  if (!interpretation || !allowed.includes(interpretation))
    throw new EcgRejection(
      `${where}: WaveformSampleInterpretation ${interpretation ?? '(missing)'} is not ${allowed.join(' or ')} for ${bits}-bit samples`,
    );
  if (sampleCount * channelCount > budget)
    throw new EcgRejection(`${where}: more samples than the limit`);
  const data = g.elements.x54001010;
  const needed = sampleCount * channelCount * (bits / 8);
  if (!data || data.length < needed || data.dataOffset + needed > bytes.length)
    throw new EcgRejection(
      `${where}: WaveformData holds fewer bytes than ${channelCount} channels × ${sampleCount} samples need`,
    );
  const defs = g.elements.x003a0200?.items ?? [];
  if (defs.length !== channelCount)
    throw new EcgRejection(
      `${where}: ChannelDefinitionSequence has ${defs.length} items for ${channelCount} channels`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset + data.dataOffset, needed);
  const first = Math.min(window?.start ?? 0, sampleCount);
  const decoded = Math.max(0, Math.min(window?.count ?? sampleCount, sampleCount - first));
  const read: (i: number) => number = {
    SB: (i: number) => view.getInt8(i),
    UB: (i: number) => view.getUint8(i),
    SS: (i: number) => view.getInt16(i * 2, true),
    US: (i: number) => view.getUint16(i * 2, true),
  }[interpretation as SampleInterpretation];
  const channels = defs.map((item, c) => {
    const def = item.dataSet;
    const source = def?.elements.x003a0208?.items?.[0]?.dataSet;
    const unitItem = def?.elements.x003a0211?.items?.[0]?.dataSet;
    const sensitivity = def ? (num(def, 'x003a0210') ?? 1) : 1;
    const correctionFactor = def ? (num(def, 'x003a0212') ?? 1) : 1;
    const baseline = def ? (num(def, 'x003a0213') ?? 0) : 0;
    const unit = def && num(def, 'x003a0210') !== null ? text(unitItem, 'x00080100') : null;
    const code = text(source, 'x00080100');
    const meaning = text(source, 'x00080104');
    const label = text(def, 'x003a0203') ?? meaning ?? `Channel ${c + 1}`;
    const scale = sensitivity * correctionFactor;
    const values = new Float64Array(decoded);
    for (let s = 0; s < decoded; s++)
      values[s] = read((first + s) * channelCount + c) * scale + baseline;
    const toMv = unit ? MILLIVOLTS_PER[unit] : undefined;
    return {
      index: c,
      lead: leadName(code, meaning, label),
      label,
      source: { scheme: text(source, 'x00080102'), code, meaning },
      unit,
      sensitivity,
      correctionFactor,
      baseline,
      values,
      millivolts: toMv === undefined ? null : values.map((v) => v * toMv),
    };
  });
  return {
    index,
    label: text(g, 'x003a0020'),
    samplingFrequency: frequency,
    numberOfSamples: sampleCount,
    firstSample: first,
    bitsAllocated: bits,
    interpretation: interpretation as SampleInterpretation,
    channels,
  };
}

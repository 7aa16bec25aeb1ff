import type { ExamOrder } from '@app/shared';
import { ANSWER_CHARSETS, OutElement } from './dataset-encoding';

/** A C-FIND identifier for the Modality Worklist (PS3.4 K.6.1.2), as our order query. */
export interface WorklistQuery {
  modality?: string;
  stationAeTitle?: string;
  scheduledFrom?: string;
  scheduledTo?: string;
  accessionNumber?: string;
  patientId?: string;
  patientName?: RegExp;
  /** The term we answer in: the modality's, where it named one we can encode (else UTF-8). */
  charset: string;
  /** Which attributes the modality asked to have returned (top level, and in the SPS item). */
  returnKeys: Set<string>;
  stepKeys: Set<string>;
}

export type Naturalized = Record<string, unknown>;

export class WorklistQueryError extends Error {}

const STEP_KEYS = [
  'Modality',
  'ScheduledStationAETitle',
  'ScheduledProcedureStepStartDate',
  'ScheduledProcedureStepStartTime',
  'ScheduledProcedureStepDescription',
  'ScheduledProcedureStepID',
  'ScheduledPerformingPhysicianName',
];

function text(value: unknown): string | undefined {
  if (Array.isArray(value)) return text(value[0]);
  if (value && typeof value === 'object' && 'Alphabetic' in value)
    return text((value as { Alphabetic: unknown }).Alphabetic);
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  return v === '' || v === '*' ? undefined : v;
}

/** DA matching: a date, or a range with either end open (PS3.4 C.2.2.2.5), in Beijing time. */
function dateRange(value: string | undefined): { from?: string; to?: string } {
  if (!value) return {};
  const m = /^(\d{8})?(-)?(\d{8})?$/.exec(value);
  if (!m || (!m[1] && !m[3]))
    throw new WorklistQueryError('ScheduledProcedureStepStartDate is not YYYYMMDD or a range');
  const day = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
  const start = (d: string) => `${day(d)}T00:00:00+08:00`;
  const after = (d: string) => {
    const next = new Date(Date.parse(`${day(d)}T00:00:00Z`) + 86_400_000);
    return `${next.toISOString().slice(0, 10)}T00:00:00+08:00`;
  };
  if (Number.isNaN(Date.parse(`${day(m[1] ?? m[3]!)}T00:00:00Z`)))
    throw new WorklistQueryError('ScheduledProcedureStepStartDate is not a calendar date');
  if (!m[2]) return { from: start(m[1]!), to: after(m[1]!) };
  return { from: m[1] ? start(m[1]) : undefined, to: m[3] ? after(m[3]) : undefined };
}

/**
 * DICOM wildcard matching (PS3.4 C.2.2.2.4): `*` any run, `?` one character; case-insensitive
 * only for names (PN). Patterns are cut to 64 characters before they become an expression.
 */
export function wildcardRegExp(pattern: string, ignoreCase = false): RegExp {
  const body = [...pattern.slice(0, 64)]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'iu' : 'u');
}

/** `requestedCharset`: (0008,0005) as the modality sent it (dcmjs rewrites the parsed one). */
export function parseWorklistQuery(q: Naturalized, requestedCharset?: string): WorklistQuery {
  const steps = Array.isArray(q.ScheduledProcedureStepSequence)
    ? (q.ScheduledProcedureStepSequence as Naturalized[])
    : [];
  const step = steps[0] ?? {};
  const requested = requestedCharset ?? text(q.SpecificCharacterSet)?.split('\\').pop()?.trim();
  const { from, to } = dateRange(text(step.ScheduledProcedureStepStartDate));
  const name = text(q.PatientName);
  const stepKeys = new Set(Object.keys(step).filter((k) => STEP_KEYS.includes(k)));
  return {
    modality: text(step.Modality),
    stationAeTitle: text(step.ScheduledStationAETitle),
    scheduledFrom: from,
    scheduledTo: to,
    accessionNumber: text(q.AccessionNumber),
    patientId: text(q.PatientID),
    patientName: name ? wildcardRegExp(name, true) : undefined,
    charset: requested && requested in ANSWER_CHARSETS ? requested : 'ISO_IR 192',
    returnKeys: new Set(Object.keys(q)),
    // An SPS item with no attributes asks for all of them (universal sequence matching).
    stepKeys: stepKeys.size ? stepKeys : new Set(STEP_KEYS),
  };
}

export interface WorklistPatient {
  name: string;
  sex: string;
  birthDate: string;
}

const PRIORITY = { STAT: 'STAT', URGENT: 'HIGH', ROUTINE: 'ROUTINE' } as const;

/** Beijing date and time of an instant, as DA and TM. */
function local(iso: string): { date: string; time: string } {
  const t = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return { date: t.slice(0, 10).replaceAll('-', ''), time: t.slice(11, 19).replaceAll(':', '') };
}

/** One worklist item with the attributes the modality asked for (and the character set). */
export function worklistItem(
  order: ExamOrder,
  patient: WorklistPatient,
  q: WorklistQuery,
): OutElement[] {
  const at = local(order.scheduledAt);
  const top: [string, number, string, string][] = [
    ['AccessionNumber', 0x00080050, 'SH', order.accessionNumber],
    ['ReferringPhysicianName', 0x00080090, 'PN', ''],
    ['PatientName', 0x00100010, 'PN', patient.name],
    ['PatientID', 0x00100020, 'LO', order.patientId],
    ['PatientBirthDate', 0x00100030, 'DA', patient.birthDate.replaceAll('-', '')],
    ['PatientSex', 0x00100040, 'CS', patient.sex === 'male' ? 'M' : 'F'],
    ['StudyInstanceUID', 0x0020000d, 'UI', order.studyInstanceUid],
    ['RequestedProcedureDescription', 0x00321060, 'LO', order.requestedProcedure],
    ['RequestedProcedureID', 0x00401001, 'SH', order.accessionNumber],
    ['RequestedProcedurePriority', 0x00401003, 'SH', PRIORITY[order.priority]],
  ];
  const step: [string, number, string, string][] = [
    ['Modality', 0x00080060, 'CS', order.modality],
    ['ScheduledStationAETitle', 0x00400001, 'AE', order.scheduledStationAeTitle ?? ''],
    ['ScheduledProcedureStepStartDate', 0x00400002, 'DA', at.date],
    ['ScheduledProcedureStepStartTime', 0x00400003, 'TM', at.time],
    ['ScheduledPerformingPhysicianName', 0x00400006, 'PN', ''],
    ['ScheduledProcedureStepDescription', 0x00400007, 'LO', order.requestedProcedure],
    ['ScheduledProcedureStepID', 0x00400009, 'SH', order.accessionNumber],
  ];
  const pick = (list: typeof top, keys: Set<string>): OutElement[] =>
    list.filter(([k]) => keys.has(k)).map(([, tag, vr, value]) => ({ tag, vr, value }));
  return [
    { tag: 0x00080005, vr: 'CS', value: q.charset },
    ...pick(top, q.returnKeys),
    ...(q.returnKeys.has('ScheduledProcedureStepSequence')
      ? [{ tag: 0x00400100, vr: 'SQ', value: [pick(step, q.stepKeys)] }]
      : []),
  ];
}

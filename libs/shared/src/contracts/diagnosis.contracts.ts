import { z } from 'zod';
import { contract, pageOf, pageQuery } from './contract';
import { flag, optionalText, text } from './fields';
import { GREEN_CHANNELS, icd10Code } from './referral.contracts';
import {
  diagnosisIndicatorsQuerySchema,
  diagnosisIndicatorsSchema,
} from './diagnosis-indicators.contracts';

export const studySummarySchema = z.object({
  id: z.string().uuid(),
  studyInstanceUid: z.string(),
  modality: z.string().nullable(),
  status: z.string(),
  institutionId: z.string().uuid(),
  patientId: z.string().uuid().nullable(),
  receivedAt: z.string(),
});
export type StudySummary = z.infer<typeof studySummarySchema>;

export const PRIORITIES = ['STAT', 'URGENT', 'ROUTINE'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** What an ECG analyzer concluded (D2); a finding may ask for a more urgent reading. */
export const ecgFindingSchema = z.object({
  code: z.string().max(64),
  description: z.string().max(500),
  analyzer: z.string().max(64),
  suggestedPriority: z.enum(PRIORITIES),
});

/** Measurements the gateway took from an ECG's waveform at upload. */
export const ecgSummarySchema = z.object({
  leads: z.array(z.string().max(64)).max(64),
  samplingFrequency: z.number().positive(),
  seconds: z.number().nonnegative(),
  heartRateBpm: z.number().nullable(),
  meanRrMs: z.number().nullable(),
  findings: z.array(ecgFindingSchema).max(50),
  suggestedPriority: z.enum(PRIORITIES).nullable(),
});
export type EcgSummary = z.infer<typeof ecgSummarySchema>;

export const instanceSummarySchema = z.object({
  id: z.string().uuid(),
  sopInstanceUid: z.string(),
  sopClassUid: z.string(),
  seriesInstanceUid: z.string(),
  sizeBytes: z.number().int(),
  ecg: ecgSummarySchema.nullable(),
});

const uid = z
  .string()
  .regex(/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/)
  .max(64);

const blobKey = z.string().regex(/^[0-9a-f]{2}\/[0-9a-f-]{36}$/);
const dicomText = (max: number) => z.string().max(max).nullable().default(null);
const dicomInt = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1)
  .nullable()
  .default(null);

/** The header attributes QIDO-RS searches and answers with (PS3.18 Table 10.6.1-5…7). */
export const indexedAttributesSchema = z.object({
  patientName: dicomText(200), // three component groups of at most 64 characters each
  patientId: dicomText(64),
  patientBirthDate: dicomText(16),
  patientSex: dicomText(16),
  studyTime: dicomText(32),
  referringPhysicianName: dicomText(200),
  studyDescription: dicomText(64),
  studyId: dicomText(16),
  seriesNumber: dicomInt,
  seriesDescription: dicomText(64),
  bodyPartExamined: dicomText(16),
  instanceNumber: dicomInt,
  rows: dicomInt,
  columns: dicomInt,
  numberOfFrames: dicomInt,
});

/** At most this many fragments are indexed per instance (a message stays well under 1 MB). */
export const MAX_INDEXED_FRAGMENTS = 20_000;
const span = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
export const pixelFramesSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('native'),
    offset: z.number().int().nonnegative(),
    frameLength: z.number().int().positive(),
    count: z.number().int().positive().max(10_000),
  }),
  z.object({
    kind: z.literal('encapsulated'),
    frames: z
      .array(z.array(span).min(1))
      .min(1)
      .max(10_000)
      .refine(
        (f) => f.reduce((n, frame) => n + frame.length, 0) <= MAX_INDEXED_FRAGMENTS,
        `at most ${MAX_INDEXED_FRAGMENTS} fragments`,
      ),
  }),
  z.object({ kind: z.literal('unavailable'), reason: z.string().max(200) }),
]);

/** What the gateway learnt from an uploaded instance: the bytes stay in blob storage. */
export const registerInstanceSchema = z.object({
  blob: z.object({
    key: blobKey,
    size: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  header: z.object({
    transferSyntaxUid: uid,
    sopClassUid: uid,
    sopInstanceUid: uid,
    studyInstanceUid: uid,
    seriesInstanceUid: uid,
    modality: z.string().max(16).nullable(),
    studyDate: z.string().max(16).nullable(),
    accessionNumber: z.string().max(64).nullable(),
    ...indexedAttributesSchema.shape,
    characterSetSupported: z
      .boolean()
      .default(true)
      .describe(
        'False when SpecificCharacterSet named a set we cannot decode: text is Latin-1 as sent.',
      ),
  }),
  metadataBlobKey: blobKey
    .nullable()
    .default(null)
    .describe("The instance's DICOM JSON (PS3.18 F.2), stored at intake for WADO-RS metadata."),
  frames: pixelFramesSchema
    .nullable()
    .default(null)
    .describe('Where its frames lie in the file, for WADO-RS frames.'),
  ecg: ecgSummarySchema.nullable().default(null),
});

export const registeredInstanceSchema = z.object({
  studyId: z.string().uuid(),
  seriesId: z.string().uuid(),
  instanceId: z.string().uuid(),
  sopInstanceUid: z.string(),
  created: z
    .boolean()
    .describe('false when the SOP Instance UID was already stored: re-sending is idempotent.'),
  duplicateBlobKey: z
    .string()
    .nullable()
    .describe('The blob the caller should delete, when the instance already existed.'),
});
export type RegisteredInstance = z.infer<typeof registeredInstanceSchema>;

export const reportVersionSchema = z.object({
  version: z.number().int(),
  status: z.enum(['DRAFT', 'PRELIMINARY', 'FINAL', 'SUPERSEDED']),
  findings: z.string(),
  impression: z.string(),
  authorId: z.string().uuid(),
  authorName: z.string(),
  signedAt: z.string().nullable(),
  approvedBy: z.string().uuid().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  amendReason: z.string().nullable(),
  createdAt: z.string(),
});

export const studyDetailSchema = studySummarySchema.extend({
  centerId: z.string().uuid().nullable(),
  priority: z.enum(PRIORITIES).nullable(),
  clinicalHistory: z.string().nullable(),
  question: z.string().nullable(),
  requestedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  instanceCount: z.number().int(),
  lease: z
    .object({ readerId: z.string().uuid(), readerName: z.string(), expiresAt: z.string() })
    .nullable(),
  returnedReason: z.string().nullable(),
  suggestedPriority: z
    .enum(PRIORITIES)
    .nullable()
    .describe('The most urgent priority an ECG analyzer asked for, if any.'),
  instances: z.array(instanceSummarySchema),
  reports: z.array(reportVersionSchema),
});
export type StudyDetail = z.infer<typeof studyDetailSchema>;

const studyRef = z.object({ studyId: z.string().uuid() });
const longText = text;

export const requestReadingSchema = studyRef.extend({
  centerId: z.string().uuid(),
  priority: z.enum(PRIORITIES).default('ROUTINE'),
  clinicalHistory: longText(10000),
  question: longText(2000),
  patientId: z.string().uuid().optional(),
  /**
   * Set by the gateway from the patient index (seed 001 四(六): 签约 residents are read first
   * within their priority); a client's value is never taken.
   */
  familyDoctorSigned: z.boolean().default(false),
});

export const criticalFindingSchema = z.object({
  id: z.string().uuid(),
  studyId: z.string().uuid(),
  institutionId: z.string().uuid(),
  description: z.string(),
  raisedByName: z.string(),
  raisedAt: z.string(),
  ackDeadline: z.string(),
  acknowledgedByName: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  referralId: z.string().uuid().nullable(),
});

export const greenChannelFromFindingSchema = z.object({
  findingId: z.string().uuid(),
  toInstitutionId: z.string().uuid(),
  toDepartmentId: z.string().uuid().optional(),
  greenChannel: z.enum(GREEN_CHANNELS),
  diagnoses: z.array(icd10Code).min(1).max(10),
  reason: longText(2000),
});

export const DiagnosisContracts = {
  raiseCritical: contract(
    'diagnosis.critical.raise',
    studyRef.extend({ description: longText(2000) }),
    criticalFindingSchema,
  ),
  acknowledgeCritical: contract(
    'diagnosis.critical.acknowledge',
    z.object({ findingId: z.string().uuid(), note: optionalText(2000) }),
    criticalFindingSchema,
  ),
  listCritical: contract(
    'diagnosis.critical.list',
    z.object({ open: flag.default(false) }),
    z.object({ items: z.array(criticalFindingSchema) }),
  ),
  greenChannelReferral: contract(
    'diagnosis.critical.green-channel',
    greenChannelFromFindingSchema,
    z.object({ referralId: z.string().uuid(), status: z.string() }),
  ),
  byPatient: contract(
    'diagnosis.studies.by-patient',
    z.object({ patientId: z.string().uuid() }),
    z.object({ items: z.array(studyDetailSchema) }),
  ),
  requestReading: contract('diagnosis.reading.request', requestReadingSchema, studyDetailSchema),
  get: contract('diagnosis.studies.get', z.object({ id: z.string().uuid() }), studyDetailSchema),
  claimNext: contract(
    'diagnosis.claim.next',
    z.object({ centerId: z.string().uuid().optional(), modality: text(16).optional() }),
    z.object({ study: studyDetailSchema.nullable() }),
  ),
  heartbeat: contract('diagnosis.claim.heartbeat', studyRef, studyDetailSchema),
  release: contract(
    'diagnosis.claim.release',
    studyRef.extend({ reason: optionalText(500) }),
    studyDetailSchema,
  ),
  saveDraft: contract(
    'diagnosis.report.draft',
    studyRef.extend({ findings: longText(20000), impression: longText(5000) }),
    studyDetailSchema,
  ),
  sign: contract('diagnosis.report.sign', studyRef, studyDetailSchema),
  approve: contract('diagnosis.report.approve', studyRef, studyDetailSchema),
  amend: contract(
    'diagnosis.report.amend',
    studyRef.extend({
      findings: longText(20000),
      impression: longText(5000),
      reason: longText(1000),
    }),
    studyDetailSchema,
  ),
  sendBack: contract(
    'diagnosis.study.send-back',
    studyRef.extend({ reason: longText(1000) }),
    studyDetailSchema,
  ),
  sweep: contract(
    'diagnosis.sweep',
    z.object({}),
    z.object({ actions: z.record(z.string(), z.number().int()) }),
  ),
  registerInstance: contract(
    'diagnosis.instances.register',
    registerInstanceSchema,
    registeredInstanceSchema,
  ),
  getInstance: contract(
    'diagnosis.instance.get',
    z.object({ studyId: z.string().uuid(), instanceId: z.string().uuid() }),
    instanceSummarySchema.extend({
      studyId: z.string().uuid(),
      patientId: z.string().uuid().nullable(),
      blobKey: z.string(),
    }),
  ),
  indicators: contract(
    'diagnosis.indicators',
    diagnosisIndicatorsQuerySchema,
    diagnosisIndicatorsSchema,
  ),
  listStudies: contract(
    'diagnosis.studies.list',
    pageQuery.extend({ status: text(40).optional() }),
    pageOf(studySummarySchema),
  ),
} as const;

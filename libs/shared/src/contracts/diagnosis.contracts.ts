import { z } from 'zod';
import { contract, listOf, pageOf, pageQuery } from './contract';
import { flag, optionalText, text } from './fields';
import {
  diagnosisIndicatorsQuerySchema,
  diagnosisIndicatorsSchema,
} from './diagnosis-indicators.contracts';
import {
  criticalFindingSchema,
  greenChannelFromFindingSchema,
} from './diagnosis-critical.contracts';
import { registeredInstanceSchema, registerInstanceSchema } from './diagnosis-instance.contracts';
import {
  instanceSummarySchema,
  PRIORITIES,
  studyDetailSchema,
  studySummarySchema,
} from './diagnosis-study.contracts';

// The schemas live by subject; every name is still importable from here, as it always was.
export * from './diagnosis-study.contracts';
export * from './diagnosis-instance.contracts';
export * from './diagnosis-critical.contracts';

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
    listOf(criticalFindingSchema),
  ),
  greenChannelReferral: contract(
    'diagnosis.critical.green-channel',
    greenChannelFromFindingSchema,
    z.object({ referralId: z.string().uuid(), status: z.string() }),
  ),
  byPatient: contract(
    'diagnosis.studies.by-patient',
    z.object({ patientId: z.string().uuid() }),
    listOf(studyDetailSchema),
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

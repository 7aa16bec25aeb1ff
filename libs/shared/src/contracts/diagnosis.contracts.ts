import { z } from 'zod';
import { contract, pageOf, pageQuery } from './contract';

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

const uid = z
  .string()
  .regex(/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/)
  .max(64);

/** What the gateway learnt from an uploaded instance: the bytes stay in blob storage. */
export const registerInstanceSchema = z.object({
  blob: z.object({
    key: z.string().regex(/^[0-9a-f]{2}\/[0-9a-f-]{36}$/),
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
  }),
});

export const registeredInstanceSchema = z.object({
  studyId: z.string().uuid(),
  seriesId: z.string().uuid(),
  instanceId: z.string().uuid(),
  sopInstanceUid: z.string(),
  /** false when the SOP Instance UID was already stored: re-sending is idempotent. */
  created: z.boolean(),
  /** The blob the caller should delete, when the instance already existed. */
  duplicateBlobKey: z.string().nullable(),
});
export type RegisteredInstance = z.infer<typeof registeredInstanceSchema>;

export const DiagnosisContracts = {
  registerInstance: contract(
    'diagnosis.instances.register',
    registerInstanceSchema,
    registeredInstanceSchema,
  ),
  listStudies: contract(
    'diagnosis.studies.list',
    pageQuery.extend({ status: z.string().max(40).optional() }),
    pageOf(studySummarySchema),
  ),
} as const;

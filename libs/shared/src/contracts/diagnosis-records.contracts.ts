import { z } from 'zod';
import { contract } from './contract';
import { instant } from './fields';

const uuid = z.string().uuid();
const page = {
  limit: z.number().int().min(1).max(100),
  offset: z.number().int().min(0).max(100_000),
};

/** A study's current final report (FHIR DiagnosticReport): the approved version, amended or not. */
export const finalReportSchema = z.object({
  studyId: uuid,
  studyInstanceUid: z.string(),
  modality: z.string().nullable(),
  institutionId: uuid,
  patientId: uuid.nullable(),
  centerId: uuid.nullable(),
  version: z.number().int(),
  amended: z.boolean(),
  amendReason: z.string().nullable(),
  findings: z.string(),
  impression: z.string(),
  authorId: uuid,
  authorName: z.string(),
  approvedByName: z.string().nullable(),
  issuedAt: z.string(),
  examinedAt: z.string(),
});
export type FinalReport = z.infer<typeof finalReportSchema>;

/** A critical finding (危急值) with the patient of its study (FHIR Flag). */
export const criticalRecordSchema = z.object({
  id: uuid,
  studyId: uuid,
  institutionId: uuid,
  patientId: uuid.nullable(),
  description: z.string(),
  raisedByName: z.string(),
  raisedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
});
export type CriticalRecord = z.infer<typeof criticalRecordSchema>;

/**
 * Reads for integration engines (FHIR DiagnosticReport and Flag). The remote-diagnosis service
 * scopes them as it scopes a study: the submitting institution, and readers of its center.
 */
export const DiagnosisRecordContracts = {
  searchReports: contract(
    'diagnosis.reports.search',
    z.object({
      ...page,
      studyId: uuid.optional(),
      patientId: uuid.optional(),
      amended: z.boolean().optional(),
      issuedFrom: instant.optional(),
      issuedTo: instant.optional(),
    }),
    z.object({ items: z.array(finalReportSchema), total: z.number().int() }),
  ),
  searchCritical: contract(
    'diagnosis.critical.search',
    z.object({
      ...page,
      findingId: uuid.optional(),
      patientId: uuid.optional(),
      open: z.boolean().optional(),
    }),
    z.object({ items: z.array(criticalRecordSchema), total: z.number().int() }),
  ),
} as const;

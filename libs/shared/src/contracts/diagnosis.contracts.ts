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

export const DiagnosisContracts = {
  listStudies: contract(
    'diagnosis.studies.list',
    pageQuery.extend({ status: z.string().max(40).optional() }),
    pageOf(studySummarySchema),
  ),
} as const;

import { z } from 'zod';
import { contract, listOf } from './contract';

const uuid = z.string().uuid();

/** A finished study of another community of the district, with its final report (互认). */
export const sharedStudySchema = z.object({
  id: uuid,
  communityId: uuid,
  institutionId: uuid,
  modality: z.string().nullable(),
  studyDescription: z.string().nullable(),
  receivedAt: z.string(),
  report: z.object({
    version: z.number().int(),
    amended: z.boolean(),
    findings: z.string(),
    impression: z.string(),
    issuedAt: z.string(),
  }),
});
export type SharedStudy = z.infer<typeof sharedStudySchema>;

/**
 * 检查结果互认 (seed 001 四(七)3, seed 003 县域内互认): the gateway, which owns the patient index
 * and the district's sharing policy, names the same resident's patient records in the other
 * communities that share; only it may ask (the diagnosis service checks the signer).
 */
export const ResultSharingContracts = {
  sharedStudies: contract(
    'diagnosis.studies.shared',
    z.object({
      patients: z
        .array(z.object({ patientId: uuid, communityId: uuid }))
        .min(1)
        .max(20),
    }),
    listOf(sharedStudySchema),
  ),
} as const;

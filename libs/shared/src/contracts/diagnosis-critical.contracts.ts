import { z } from 'zod';
import { text } from './fields';
import { GREEN_CHANNELS, icd10Code } from './referral.contracts';

/** Critical findings (危急值, D6/D7) and the green-channel referral opened from one. */
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
  reason: text(2000),
});

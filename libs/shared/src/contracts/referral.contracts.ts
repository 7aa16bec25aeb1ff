import { z } from 'zod';
import { contract, pageOf, pageQuery } from './contract';

export const referralSummarySchema = z.object({
  id: z.string().uuid(),
  direction: z.enum(['UP', 'DOWN']),
  status: z.string(),
  fromInstitutionId: z.string().uuid(),
  toInstitutionId: z.string().uuid(),
  patientId: z.string().uuid(),
  urgency: z.string(),
  createdAt: z.string(),
});
export type ReferralSummary = z.infer<typeof referralSummarySchema>;

export const ReferralContracts = {
  list: contract(
    'referral.list',
    pageQuery.extend({ status: z.string().max(40).optional() }),
    pageOf(referralSummarySchema),
  ),
} as const;

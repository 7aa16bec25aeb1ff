import { z } from 'zod';
import { INSTITUTION_TYPES } from './directory.events';
import { text } from './fields';
import { icd10Code } from './referral-detail.contracts';

// What a community sets for its referrals: the policy (shares, hold and answer times) and the
// referral catalog (R2).

export const CATALOG_LISTS = ['UP', 'DOWN', 'PRIMARY_CARE'] as const;

/** Durations are decimals so that short test policies (seconds) use the same code paths. */
export const policySchema = z.object({
  minReferralSlotShare: z.number().min(0).max(1),
  minReferralBedShare: z.number().min(0).max(1),
  releaseLeadMinutes: z
    .number()
    .min(0)
    .max(60 * 24 * 30),
  holdMinutes: z.number().min(0.01).max(1440),
  emergencyHoldMinutes: z.number().min(0.01).max(1440),
  responseEscalationMinutes: z
    .number()
    .min(0.01)
    .max(60 * 24 * 30),
  responseExpiryMinutes: z
    .number()
    .min(0.01)
    .max(60 * 24 * 30),
  followUpDays: z.number().min(0.00001).max(365),
  followUpGraceDays: z.number().min(0).max(365),
  quotaInstitutionTypes: z
    .array(z.enum(INSTITUTION_TYPES))
    .max(INSTITUTION_TYPES.length)
    .describe(
      'Which institutions the REFERRAL-share quota binds (seed 004 四（八）4: the 牵头单位).',
    ),
  holdUntilResponseDue: z
    .boolean()
    .describe(
      "A hold lasts until the receiver's answer is due (seed 001: 落实好号源及床位), not holdMinutes.",
    ),
  acceptWithoutPlace: z
    .boolean()
    .describe(
      'Whether a non-emergency referral may be accepted with no slot or bed held (a reason then).',
    ),
});
export type ReferralPolicy = z.infer<typeof policySchema>;

export const catalogEntrySchema = z
  .object({ from: icd10Code, to: icd10Code.optional(), label: text(200) })
  .refine((e) => !e.to || e.to >= e.from, {
    message: 'range end must not precede its start',
    path: ['to'],
  });

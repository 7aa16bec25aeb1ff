import { z } from 'zod';

/** Events of the referral service (apps/referral). */
export const referralEvents = {
  'referral.submitted': z.object({ referralId: z.string().uuid() }),
} as const;

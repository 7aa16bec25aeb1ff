import { z } from 'zod';

// Follow-up (回访) of a referred patient, R8.

/** CANCELLED: its referral was cancelled or the patient never came, so nothing is owed. */
export const FOLLOW_UP_STATUSES = ['SCHEDULED', 'DONE', 'OVERDUE', 'CANCELLED'] as const;
export const FOLLOW_UP_OUTCOMES = [
  'STABLE',
  'IMPROVED',
  'WORSENED',
  'READMITTED',
  'UNREACHABLE',
  'DECEASED',
] as const;

export const followUpSchema = z.object({
  id: z.string().uuid(),
  referralId: z.string().uuid(),
  dueAt: z.string(),
  status: z.enum(FOLLOW_UP_STATUSES),
  outcome: z.string().nullable(),
  notes: z.string().nullable(),
  recordedAt: z.string().nullable(),
  recordedByName: z.string().nullable(),
});

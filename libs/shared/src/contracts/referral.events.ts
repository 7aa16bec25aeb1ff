import { z } from 'zod';

const referral = z.object({
  referralId: z.string().uuid(),
  direction: z.enum(['UP', 'DOWN']),
  fromInstitutionId: z.string().uuid(),
  toInstitutionId: z.string().uuid(),
  patientId: z.string().uuid(),
  status: z.string(),
  actorId: z.string().uuid().nullable(),
  reason: z.string().nullable(),
});

/** Events of the referral service (apps/referral): one per transition, plus capacity and loop events. */
export const referralEvents = {
  'referral.submitted': referral,
  'referral.accepted': referral,
  'referral.rejected': referral,
  'referral.redirected': referral.extend({ newReferralId: z.string().uuid() }),
  'referral.arrived': referral,
  'referral.completed': referral,
  'referral.cancelled': referral,
  'referral.expired': referral,
  'referral.no_show': referral,
  'referral.escalated': referral.extend({ waitingMinutes: z.number().int() }),
  'referral.green_channel': referral.extend({
    greenChannel: z.string(),
    bedId: z.string().uuid().nullable(),
    bedNumber: z.string().nullable(),
  }),
  'reservation.held': z.object({
    referralId: z.string().uuid(),
    reservationId: z.string().uuid(),
    kind: z.enum(['SLOT', 'BED']),
    expiresAt: z.string().nullable(),
  }),
  'reservation.released': z.object({
    referralId: z.string().uuid(),
    reservationId: z.string().uuid(),
    reason: z.string(),
  }),
  'capacity.released_to_general': z.object({
    slotIds: z.array(z.string().uuid()),
    departmentId: z.string().uuid(),
  }),
  'follow_up.scheduled': z.object({
    followUpId: z.string().uuid(),
    referralId: z.string().uuid(),
    dueAt: z.string(),
  }),
  'follow_up.recorded': z.object({
    followUpId: z.string().uuid(),
    referralId: z.string().uuid(),
    outcome: z.string(),
  }),
  'follow_up.overdue': z.object({
    followUpId: z.string().uuid(),
    referralId: z.string().uuid(),
    dueAt: z.string(),
  }),
} as const;

import { z } from 'zod';
import { contract, pageOf, pageQuery } from './contract';

export const REFERRAL_STATUSES = [
  'SUBMITTED',
  'ACCEPTED',
  'REJECTED',
  'REDIRECTED',
  'ARRIVED',
  'COMPLETED',
  'CANCELLED',
  'EXPIRED',
  'NO_SHOW',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** R7: the five 绿色通道 categories (seed 004 lists chest pain, stroke, trauma, maternal, newborn). */
export const GREEN_CHANNELS = [
  'CHEST_PAIN',
  'STROKE',
  'TRAUMA',
  'CRITICAL_MATERNAL',
  'CRITICAL_CHILD',
] as const;

/** ICD-10: a letter, two digits, optionally a dot and up to two more characters (e.g. I21.0, S72.00). */
export const icd10Code = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$/, 'must be an ICD-10 code such as I21.0');

export const attachmentSchema = z.object({
  type: z.enum(['STUDY', 'REPORT', 'DOCUMENT']),
  id: z.string().trim().min(1).max(128),
  title: z.string().trim().max(200).optional(),
});

export const holdRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('SLOT'), slotId: z.string().uuid() }),
  z.object({ kind: z.literal('BED'), bedId: z.string().uuid() }),
]);

export const createReferralSchema = z.object({
  direction: z.enum(['UP', 'DOWN']),
  toInstitutionId: z.string().uuid(),
  toDepartmentId: z.string().uuid().optional(),
  patientId: z.string().uuid(),
  diagnoses: z.array(icd10Code).min(1).max(10),
  reason: z.string().trim().min(1).max(2000),
  urgency: z.enum(['ROUTINE', 'URGENT', 'EMERGENCY']).default('ROUTINE'),
  greenChannel: z.enum(GREEN_CHANNELS).optional(),
  clinicalSummary: z.string().trim().max(20000).default(''),
  justification: z.string().trim().max(2000).optional(),
  attachments: z.array(attachmentSchema).max(20).default([]),
  hold: holdRequestSchema.optional(),
  /** A completed up-referral continued as a down-referral to its origin (R8). */
  continuesReferralId: z.string().uuid().optional(),
  familyDoctorSigned: z.boolean().default(false),
});
export type CreateReferral = z.input<typeof createReferralSchema>;

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
  create: contract('referral.create', createReferralSchema, referralSummarySchema.passthrough()),
} as const;

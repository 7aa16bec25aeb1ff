import { z } from 'zod';
import { pageQuery } from './contract';
import { instant, optionalText, text } from './fields';

// What a referral is on the wire: its statuses, the request that opens it, its detail and list.

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

/**
 * FHIR R4 Task.status for each referral status (docs/integration.md has the table).
 * REDIRECTED maps to rejected: this Task ends, and a new one is requested elsewhere.
 */
export const FHIR_TASK_STATUS = {
  SUBMITTED: 'requested',
  ACCEPTED: 'accepted',
  REJECTED: 'rejected',
  REDIRECTED: 'rejected',
  ARRIVED: 'in-progress',
  COMPLETED: 'completed',
  CANCELLED: 'cancelled',
  EXPIRED: 'failed',
  NO_SHOW: 'failed',
} as const satisfies Record<ReferralStatus, string>;

/** R7: the 急诊急救“五大中心” of seed 002: chest pain, stroke, trauma, maternal, child/newborn. */
export const GREEN_CHANNELS = [
  'CHEST_PAIN',
  'STROKE',
  'TRAUMA',
  'CRITICAL_MATERNAL',
  'CRITICAL_CHILD',
] as const;

/** ICD-10: a letter, two digits, optionally a dot and one or two more characters (I21.0, S72.00). */
export const icd10Code = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$/, 'must be an ICD-10 code such as I21.0');

export const attachmentSchema = z.object({
  type: z.enum(['STUDY', 'REPORT', 'DOCUMENT']),
  id: text(128),
  title: optionalText(200),
});

export const holdRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('SLOT'), slotId: z.string().uuid() }),
  z.object({ kind: z.literal('BED'), bedId: z.string().uuid() }),
]);

export const createReferralSchema = z.object({
  direction: z
    .enum(['UP', 'DOWN'])
    .describe('UP: to a higher-level institution (上转); DOWN: back to primary care (下转)'),
  toInstitutionId: z.string().uuid().describe('The receiving institution, of the same community'),
  toDepartmentId: z.string().uuid().optional(),
  patientId: z.string().uuid().describe('A patient of the community (POST /patients)'),
  diagnoses: z
    .array(icd10Code)
    .min(1)
    .max(10)
    .describe('ICD-10 codes, checked against the community referral catalog')
    .meta({ example: ['I20.0'] }),
  reason: text(2000).meta({ example: '不稳定型心绞痛，需上级医院评估' }),
  urgency: z.enum(['ROUTINE', 'URGENT', 'EMERGENCY']).default('ROUTINE'),
  greenChannel: z
    .enum(GREEN_CHANNELS)
    .optional()
    .describe('A green channel (绿色通道) referral is accepted at once by the receiver'),
  clinicalSummary: optionalText(20000).default(''),
  justification: text(2000)
    .optional()
    .describe('Why a diagnosis outside the catalog is referred anyway'),
  attachments: z.array(attachmentSchema).max(20).default([]),
  hold: holdRequestSchema
    .optional()
    .describe('Hold a slot or bed of the receiver now (expires after the policy hold time)'),
  continuesReferralId: z
    .string()
    .uuid()
    .optional()
    .describe('A completed up-referral continued as a down-referral to its origin (R8).'),
  familyDoctorSigned: z
    .boolean()
    .default(false)
    .describe("Set by the gateway from the patient index (R9); a client's value is ignored."),
  /**
   * What opened the referral when a service opens it on someone's behalf
   * (`critical-finding:<id>`): one referral per key, and a repeat answers the one it opened.
   * Not accepted from clients.
   */
  originKey: z
    .string()
    .regex(/^[a-z-]{1,40}:[0-9a-f-]{36}$/)
    .optional(),
});
export type CreateReferral = z.input<typeof createReferralSchema>;

export const reservationSchema = z.object({
  id: z.string().uuid(),
  kind: z.enum(['SLOT', 'BED']),
  slotId: z.string().uuid().nullable(),
  bedId: z.string().uuid().nullable(),
  status: z.enum(['HELD', 'BOOKED', 'RELEASED', 'CONSUMED']),
  emergency: z.boolean(),
  expiresAt: z.string().nullable(),
  releaseReason: z.string().nullable(),
  startsAt: z
    .string()
    .nullable()
    .describe("The slot's time, for a slot (FHIR Appointment.start/end)."),
  endsAt: z.string().nullable(),
});

export const transitionSchema = z.object({
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  reason: z.string().nullable(),
  at: z.string(),
});

export const referralSummarySchema = z.object({
  id: z.string().uuid(),
  direction: z.enum(['UP', 'DOWN']),
  status: z.enum(REFERRAL_STATUSES),
  fromInstitutionId: z.string().uuid(),
  toInstitutionId: z.string().uuid(),
  patientId: z.string().uuid(),
  urgency: z.string(),
  greenChannel: z.string().nullable(),
  outOfCatalog: z.boolean(),
  createdAt: z.string(),
  updatedAt: z
    .string()
    .describe('Last change of status (FHIR meta.lastUpdated, `_lastUpdated` searches).'),
});
export type ReferralSummary = z.infer<typeof referralSummarySchema>;

export const referralDetailSchema = referralSummarySchema.extend({
  toDepartmentId: z.string().uuid().nullable(),
  diagnoses: z.array(z.string()),
  reason: z.string(),
  clinicalSummary: z.string(),
  justification: z.string().nullable(),
  attachments: z.array(attachmentSchema),
  familyDoctorSigned: z.boolean(),
  continuesReferralId: z.string().uuid().nullable(),
  redirectedToReferralId: z.string().uuid().nullable(),
  completionSummary: z.string().nullable(),
  respondBy: z.string(),
  acceptedAt: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  fhirTaskStatus: z.string(),
  reservation: reservationSchema.nullable(),
  transitions: z.array(transitionSchema),
  followUp: z
    .object({
      id: z.string().uuid(),
      dueAt: z.string(),
      status: z.string(),
      outcome: z.string().nullable(),
    })
    .nullable(),
});
export type ReferralDetail = z.infer<typeof referralDetailSchema>;

/** What REST callers filter on; FHIR searches (Task, ServiceRequest) use the same fields. */
export const listReferralsQuerySchema = pageQuery.extend({
  status: z.enum(REFERRAL_STATUSES).optional(),
  role: z.enum(['sent', 'received', 'any']).default('any'),
  patientId: z.string().uuid().optional(),
  fromInstitutionId: z
    .string()
    .uuid()
    .optional()
    .describe('The sending institution (FHIR Task.requester).'),
  toInstitutionId: z
    .string()
    .uuid()
    .optional()
    .describe('The receiving institution (FHIR Task.owner).'),
  updatedFrom: instant.optional().describe('Changed at or after this instant.'),
  updatedTo: instant.optional().describe('Changed before this instant.'),
});
/** On the bus a search may also ask for several statuses (one FHIR Task status is several of ours). */
export const listReferralsSchema = listReferralsQuerySchema.extend({
  statuses: z.array(z.enum(REFERRAL_STATUSES)).min(1).max(REFERRAL_STATUSES.length).optional(),
});

import { z } from 'zod';
import { contract, pageOf, pageQuery } from './contract';
import { INSTITUTION_TYPES } from './directory.events';
import { daysBetween, flag, instant, localDate, optionalText, text } from './fields';
import { indicatorsQuerySchema, indicatorsSchema } from './referral-indicators.contracts';

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
export const POOLS = ['REFERRAL', 'GENERAL'] as const;
export const CATALOG_LISTS = ['UP', 'DOWN', 'PRIMARY_CARE'] as const;
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

const byId = z.object({ id: z.string().uuid() });
const withReason = byId.extend({ reason: text(2000) });
const withOptionalReason = byId.extend({ reason: optionalText(2000) });

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

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
/** One request publishes at most a year of a department's schedule… */
export const MAX_SCHEDULE_DAYS = 366;
/** …and at most this many slots (each pool of each time window is one slot). */
export const MAX_SCHEDULE_SLOTS = 5000;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * How many slots a schedule makes, by arithmetic rather than by making them: so a request for
 * every five minutes until 9999 is refused in microseconds, not after building millions of rows.
 */
export function scheduleSlotCount(s: {
  fromDate: string;
  toDate: string;
  daysOfWeek: number[];
  sessions: { start: string; end: string }[];
  slotMinutes: number;
  referralCapacityPerSlot: number;
  generalCapacityPerSlot: number;
}): number {
  const days = daysBetween(s.fromDate, s.toDate) + 1;
  if (!(days > 0)) return 0;
  const wanted = new Set(s.daysOfWeek);
  const firstIsoDow = ((new Date(`${s.fromDate}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  let matching = Math.floor(days / 7) * wanted.size;
  for (let i = 0; i < days % 7; i++) if (wanted.has(((firstIsoDow - 1 + i) % 7) + 1)) matching++;
  const windows = s.sessions.reduce(
    (n, x) => n + Math.max(0, Math.floor((minutesOf(x.end) - minutesOf(x.start)) / s.slotMinutes)),
    0,
  );
  const pools = Number(s.referralCapacityPerSlot > 0) + Number(s.generalCapacityPerSlot > 0);
  return matching * windows * pools;
}

export const publishScheduleSchema = z
  .object({
    departmentId: z.string().uuid(),
    doctorName: text(100).optional(),
    fromDate: localDate,
    toDate: localDate,
    daysOfWeek: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5]),
    sessions: z
      .array(
        z.object({
          start: z.string().regex(TIME_OF_DAY, 'HH:MM'),
          end: z.string().regex(TIME_OF_DAY, 'HH:MM'),
        }),
      )
      .min(1)
      .max(6),
    slotMinutes: z.number().int().min(5).max(240),
    referralCapacityPerSlot: z.number().int().min(0).max(100),
    generalCapacityPerSlot: z.number().int().min(0).max(100),
  })
  .refine((s) => s.toDate >= s.fromDate, {
    message: 'toDate must not precede fromDate',
    path: ['toDate'],
  })
  .refine((s) => s.sessions.every((x) => x.end > x.start), {
    message: 'each session must end after it starts',
    path: ['sessions'],
  })
  .refine(
    (s) =>
      [...s.sessions]
        .sort((a, b) => a.start.localeCompare(b.start))
        .every((x, i, all) => i === 0 || x.start >= all[i - 1].end),
    { message: 'sessions must not overlap', path: ['sessions'] },
  )
  .refine((s) => s.toDate < s.fromDate || daysBetween(s.fromDate, s.toDate) < MAX_SCHEDULE_DAYS, {
    message: `a schedule covers at most ${MAX_SCHEDULE_DAYS} days; publish longer periods in parts`,
    path: ['toDate'],
  })
  .superRefine((s, ctx) => {
    if (s.toDate < s.fromDate || daysBetween(s.fromDate, s.toDate) >= MAX_SCHEDULE_DAYS) return;
    const count = scheduleSlotCount(s);
    if (count > MAX_SCHEDULE_SLOTS)
      ctx.addIssue({
        code: 'custom',
        path: ['toDate'],
        message: `this schedule would make ${count} slots; one request makes at most ${MAX_SCHEDULE_SLOTS} (fewer days, longer slots or fewer sessions)`,
      });
  });

export const publishSlotsSchema = z.object({
  departmentId: z.string().uuid(),
  slots: z
    .array(
      z.object({
        doctorName: text(100).optional(),
        startsAt: instant,
        endsAt: instant,
        capacity: z.number().int().min(0).max(1000),
        pool: z.enum(POOLS),
      }),
    )
    .min(1)
    .max(500),
});

export const publishBedsSchema = z.object({
  departmentId: z.string().uuid(),
  beds: z
    .array(
      z.object({
        number: text(20),
        sexRestriction: z.enum(['male', 'female']).optional(),
        pool: z.enum(POOLS),
      }),
    )
    .min(1)
    .max(500),
});

export const slotSchema = z.object({
  id: z.string().uuid(),
  institutionId: z.string().uuid(),
  departmentId: z.string().uuid(),
  doctorName: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  pool: z.enum(POOLS),
  capacity: z.number().int(),
  held: z.number().int(),
  booked: z.number().int(),
  free: z.number().int(),
  releasesToGeneralAt: z
    .string()
    .nullable()
    .describe(
      "When the release rule moves a REFERRAL slot's unbooked places to GENERAL (R4); null otherwise.",
    ),
});

export const bedSchema = z.object({
  id: z.string().uuid(),
  institutionId: z.string().uuid(),
  departmentId: z.string().uuid(),
  number: z.string(),
  sexRestriction: z.string().nullable(),
  pool: z.enum(POOLS),
  status: z.string(),
});

const capacitySearchFields = z.object({
  institutionId: z.string().uuid(),
  departmentId: z.string().uuid().optional(),
  from: instant,
  to: instant,
  pool: z.enum(POOLS).optional(),
  onlyFree: flag.default(true),
  familyDoctorSigned: z
    .boolean()
    .default(false)
    .describe(
      'R9: set by the gateway from the patient record (query `patientId`), never by a caller.',
    ),
});
const toAfterFrom = { message: 'to must be after from', path: ['to'] };

export const capacitySearchSchema = capacitySearchFields.refine(
  (q) => Date.parse(q.to) > Date.parse(q.from),
  toAfterFrom,
);

/**
 * The search as a caller sends it: for whom (R9: a 签约 patient sees the REFERRAL pool first),
 * not a flag the caller could set for anyone.
 */
export const capacitySearchQuerySchema = capacitySearchFields
  .omit({ familyDoctorSigned: true })
  .extend({ patientId: z.string().uuid().optional() })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), toAfterFrom);

export const complianceQuerySchema = z
  .object({
    institutionId: z.string().uuid(),
    fromDate: localDate,
    toDate: localDate,
  })
  .refine((q) => q.toDate >= q.fromDate, {
    message: 'toDate must not precede fromDate',
    path: ['toDate'],
  });

export const complianceRowSchema = z.object({
  departmentId: z.string().uuid(),
  date: z.string().nullable(),
  kind: z.enum(['SLOTS', 'BEDS']),
  referral: z.number().int(),
  total: z.number().int(),
  share: z.number(),
  required: z.number(),
  compliant: z.boolean(),
});

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

const ok = z.object({ ok: z.literal(true) });

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

export const ReferralContracts = {
  list: contract('referral.list', listReferralsSchema, pageOf(referralSummarySchema)),
  get: contract('referral.get', byId, referralDetailSchema),
  create: contract('referral.create', createReferralSchema, referralDetailSchema),
  hold: contract('referral.hold', byId.extend({ hold: holdRequestSchema }), referralDetailSchema),
  accept: contract('referral.accept', withOptionalReason, referralDetailSchema),
  reject: contract('referral.reject', withReason, referralDetailSchema),
  redirect: contract(
    'referral.redirect',
    withReason.extend({
      toInstitutionId: z.string().uuid(),
      toDepartmentId: z.string().uuid().optional(),
    }),
    referralDetailSchema,
  ),
  cancel: contract('referral.cancel', withReason, referralDetailSchema),
  checkIn: contract('referral.check-in', withOptionalReason, referralDetailSchema),
  noShow: contract('referral.no-show', withOptionalReason, referralDetailSchema),
  complete: contract(
    'referral.complete',
    byId.extend({ summary: text(20000) }),
    referralDetailSchema,
  ),
  policyGet: contract('referral.policy.get', z.object({}), policySchema),
  policyUpdate: contract('referral.policy.update', policySchema.partial(), policySchema),
  catalogGet: contract(
    'referral.catalog.get',
    z.object({}),
    z.record(
      z.enum(CATALOG_LISTS),
      z.array(z.object({ from: z.string(), to: z.string(), label: z.string() })),
    ),
  ),
  catalogReplace: contract(
    'referral.catalog.replace',
    z.object({ list: z.enum(CATALOG_LISTS), entries: z.array(catalogEntrySchema).max(2000) }),
    z.object({ list: z.enum(CATALOG_LISTS), count: z.number().int() }),
  ),
  publishSchedule: contract(
    'capacity.schedule.publish',
    publishScheduleSchema,
    z.object({
      scheduleId: z.string().uuid(),
      slots: z.number().int(),
      warnings: z.array(z.string()),
    }),
  ),
  publishSlots: contract(
    'capacity.slots.publish',
    publishSlotsSchema,
    z.object({ slots: z.array(slotSchema), warnings: z.array(z.string()) }),
  ),
  publishBeds: contract(
    'capacity.beds.publish',
    publishBedsSchema,
    z.object({ beds: z.array(bedSchema) }),
  ),
  searchSlots: contract(
    'capacity.slots.search',
    capacitySearchSchema,
    z.object({ items: z.array(slotSchema) }),
  ),
  searchBeds: contract(
    'capacity.beds.search',
    capacitySearchSchema,
    z.object({ items: z.array(bedSchema) }),
  ),
  compliance: contract(
    'capacity.compliance',
    complianceQuerySchema,
    z.object({ rows: z.array(complianceRowSchema) }),
  ),
  releaseDue: contract(
    'capacity.release-due',
    z.object({}),
    z.object({ released: z.number().int() }),
  ),
  followUps: contract(
    'referral.follow-ups.list',
    pageQuery.extend({ status: z.enum(FOLLOW_UP_STATUSES).optional() }),
    pageOf(followUpSchema),
  ),
  recordFollowUp: contract(
    'referral.follow-ups.record',
    z.object({
      id: z.string().uuid(),
      outcome: z.enum(FOLLOW_UP_OUTCOMES),
      notes: optionalText(5000),
    }),
    followUpSchema,
  ),
  indicators: contract('referral.indicators', indicatorsQuerySchema, indicatorsSchema),
  sweep: contract(
    'referral.sweep',
    z.object({}),
    ok.extend({ actions: z.record(z.string(), z.number().int()) }),
  ),
} as const;

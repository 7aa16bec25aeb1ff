import { z } from 'zod';
import { daysBetween, flag, instant, localDate, text } from './fields';

// Slots and beds (R3/R4): publishing them, searching them, and the REFERRAL-share compliance.

export const POOLS = ['REFERRAL', 'GENERAL'] as const;

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

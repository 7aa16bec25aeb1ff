import { z } from 'zod';
import { instant } from './fields';

/** The seeds' indicators are yearly (年内); a longer period would only make the day series long. */
export const MAX_INDICATOR_PERIOD_DAYS = 366;

/** A period [from, to) and an optional institution; used by both services' indicators. */
export const indicatorsPeriodQuerySchema = z
  .object({
    from: instant,
    to: instant,
    institutionId: z.string().uuid().optional(),
  })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), {
    message: 'to must be after from',
    path: ['to'],
  })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_INDICATOR_PERIOD_DAYS * 86_400_000, {
    message: `the period may span at most ${MAX_INDICATOR_PERIOD_DAYS} days`,
    path: ['to'],
  });

export const indicatorsQuerySchema = indicatorsPeriodQuerySchema;

/** One reserved-share figure: department (slots) or ward (beds) × calendar day. */
const shareCompliance = z.object({
  required: z.number().describe('Share the seed requires in the REFERRAL pool (1/3 or 1/4)'),
  compliantDays: z.number().int(),
  totalDays: z.number().int(),
  rate: z.number().nullable(),
});

/**
 * I1 for referrals. `upCount`/`downCount` count each referral once, and only those the receiving
 * side accepted and that were not called off (docs/indicators.md, seed 001 五(三)).
 */
export const indicatorsSchema = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  institutionId: z.string().nullable(),
  upCount: z.number().int(),
  downCount: z.number().int(),
  upDownRatio: z.number().nullable(),
  countedStatuses: z.array(z.string()),
  notCounted: z
    .record(z.string(), z.number().int())
    .describe('Referrals submitted in the period that are not 转诊, by status'),
  acceptanceMinutes: z.object({
    p50: z.number().nullable(),
    p90: z.number().nullable(),
    p99: z.number().nullable(),
  }),
  noShowRate: z.number().nullable(),
  greenChannelCount: z.number().int(),
  outOfCatalogCount: z.number().int(),
  reservedShareCompliance: z.object({ slots: shareCompliance, beds: shareCompliance }),
  familyDoctorInpatientReferrals: z
    .object({
      signedResidentsReferred: z.number().int(),
      inpatientReferrals: z.number().int(),
      share: z.number().nullable(),
    })
    .describe(
      'Seed 002 四(三): the numerator of 家庭医生对签约居民住院服务的转介率 and its share of inpatient referrals; the rate itself needs all admissions of signed residents, which the platform does not hold',
    ),
});

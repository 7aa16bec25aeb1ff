import { z } from 'zod';
import { indicatorsPeriodQuerySchema } from './referral-indicators.contracts';

export const diagnosisIndicatorsQuerySchema = indicatorsPeriodQuerySchema;

const percentiles = z.object({
  count: z.number().int(),
  breached: z.number().int(),
  bumped: z.number().int().describe('Studies whose priority was raised after the request'),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p99: z.number().nullable(),
});

/** 诊断人次数 × 10000 / 常住人口数 for one area (seed 004 附件2 5(1)). */
const perResidents = z.object({
  remoteDiagnoses: z.number().int(),
  population: z.number().int().nullable(),
  per10kResidents: z.number().nullable(),
});

/**
 * I1 for remote diagnosis over the studies finalized in a period. One 人次 is one study of one
 * patient performed at one institution and finalized by a reading center of another.
 */
export const diagnosisIndicatorsSchema = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  institutionId: z.string().nullable(),
  population: z
    .number()
    .int()
    .nullable()
    .describe(
      "The community's 常住人口; null when filtered to one institution (no population of its own)",
    ),
  remoteDiagnoses: z.number().int(),
  remoteDiagnosesPer10kResidents: z.number().nullable(),
  district: perResidents
    .extend({ districtId: z.string(), code: z.string(), name: z.string() })
    .nullable()
    .describe('All communities of the district with its 常住人口; community admins only'),
  primaryExamUpperDiagnosis: z.object({
    patients: z.number().int(),
    studiesWithoutPatient: z
      .number()
      .int()
      .describe('Qualifying studies with no linked patient: not counted as patients'),
    targets: z
      .array(
        z.object({
          year: z.number().int(),
          kind: z.enum(['RECORDED', 'TARGET']),
          minPatients: z.number().int(),
        }),
      )
      .describe(
        'Seed 004 附件1 6: the 2024 value and the 2025/2027 targets, whole region per year (万人 → persons)',
      ),
  }),
  primaryExamUpperDiagnosisPatients: z.number().int(),
  turnaroundMinutes: z
    .object({ STAT: percentiles, URGENT: percentiles, ROUTINE: percentiles })
    .describe('Grouped by the priority the reading was requested at'),
  priorityBumps: z.array(z.object({ from: z.string(), to: z.string(), count: z.number().int() })),
  criticalFindings: z.object({
    raised: z.number().int(),
    acknowledgedInTime: z.number().int(),
    escalated: z.number().int(),
  }),
  byClinic: z.array(
    z.object({
      institutionId: z.string(),
      name: z.string(),
      submitted: z.number().int(),
      finalized: z.number().int(),
    }),
  ),
  byReader: z.array(z.object({ readerId: z.string(), name: z.string(), signed: z.number().int() })),
});

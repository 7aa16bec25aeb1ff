import { z } from 'zod';
import { contract } from './contract';

/**
 * Turnaround targets (minutes from the reading request) a reading center works to, per priority,
 * when a community sets none. They follow what county hospitals in China commonly promise: an
 * emergency (急诊) DR or ECG read within 30 minutes, an urgent CT within 2 hours (an emergency CT
 * within 1 hour is set per center as STAT = 60), a routine study within 24 hours.
 */
export const DEFAULT_TURNAROUND_MINUTES = { STAT: 30, URGENT: 120, ROUTINE: 1440 } as const;

const minutes = (max: number) => z.number().min(1).max(max);

export const centerSettingsSchema = z.object({
  centerId: z.string().uuid(),
  requiresSeniorApproval: z
    .boolean()
    .describe('审核: a senior reader approves before a report is final.'),
  statMinutes: z.number(),
  urgentMinutes: z.number(),
  routineMinutes: z.number(),
  leaseMinutes: z.number().describe('How long a claim lasts without a heartbeat.'),
});
export type CenterSettings = z.infer<typeof centerSettingsSchema>;

/** What a community admin may change; targets apply to reading requests made afterwards. */
export const updateCenterSettingsSchema = z
  .object({
    requiresSeniorApproval: z.boolean().optional(),
    statMinutes: minutes(7 * 24 * 60).optional(),
    urgentMinutes: minutes(7 * 24 * 60).optional(),
    routineMinutes: minutes(30 * 24 * 60).optional(),
    leaseMinutes: minutes(240).optional(),
  })
  .refine((s) => Object.values(s).some((v) => v !== undefined), {
    message: 'change at least one setting',
  });

const center = z.object({ centerId: z.string().uuid() });

export const ReadingCenterContracts = {
  getSettings: contract('diagnosis.center-settings.get', center, centerSettingsSchema),
  updateSettings: contract(
    'diagnosis.center-settings.update',
    center.extend({ changes: updateCenterSettingsSchema }),
    centerSettingsSchema,
  ),
} as const;

import { z } from 'zod';

const study = z.object({ studyId: z.string().uuid() });
const reading = study.extend({ centerId: z.string().uuid(), priority: z.string() });

/** Events of the remote-diagnosis service (apps/remote-diagnosis). */
export const diagnosisEvents = {
  'study.received': study,
  'study.queued': reading,
  'study.claimed': reading.extend({ readerId: z.string().uuid() }),
  'study.released': reading.extend({ reason: z.string() }),
  'study.returned': study.extend({ reason: z.string() }),
  'report.preliminary': study.extend({ version: z.number().int(), authorId: z.string().uuid() }),
  'report.finalized': study.extend({
    version: z.number().int(),
    approvedBy: z.string().uuid().nullable(),
  }),
  'critical.raised': study.extend({
    findingId: z.string().uuid(),
    institutionId: z.string().uuid(),
    ackDeadline: z.string(),
  }),
  'critical.acknowledged': study.extend({
    findingId: z.string().uuid(),
    clinicianId: z.string().uuid(),
    clinicianName: z.string(),
  }),
  'critical.escalated': study.extend({
    findingId: z.string().uuid(),
    institutionId: z.string().uuid(),
    minutesOpen: z.number().int(),
  }),
  'study.priority_raised': reading.extend({ from: z.string().nullable(), reason: z.string() }),
  'turnaround.breached': reading.extend({ dueAt: z.string(), newPriority: z.string() }),
} as const;

import { z } from 'zod';

/**
 * `institutionId` is the submitting clinic (the study's institution), so consumers such as the
 * gateway's webhooks know whose event it is without a lookup. Optional: events written before
 * it was added lack it, and a consumer that needs it treats them as nobody's.
 */
const study = z.object({ studyId: z.string().uuid(), institutionId: z.string().uuid().optional() });
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
  /** A final report replaced by a final amendment (a new version; the earlier one superseded). */
  'report.amended': study.extend({
    version: z.number().int(),
    approvedBy: z.string().uuid().nullable(),
    reason: z.string(),
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

import { z } from 'zod';

/** Events of the remote-diagnosis service (apps/remote-diagnosis). */
export const diagnosisEvents = {
  'study.received': z.object({ studyId: z.string().uuid() }),
} as const;

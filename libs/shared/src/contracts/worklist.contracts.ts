import { z } from 'zod';
import { contract } from './contract';
import { PRIORITIES, studyDetailSchema } from './diagnosis.contracts';
import { text } from './fields';

const uuid = z.string().uuid();

/** One claimable study as a reader's worklist shows it, in queue order. */
export const worklistItemSchema = z.object({
  studyId: uuid,
  centerId: uuid,
  institutionId: uuid,
  modality: z.string().nullable(),
  studyDescription: z.string().nullable(),
  priority: z.enum(PRIORITIES),
  familyDoctorSigned: z
    .boolean()
    .describe('签约 resident: read first within the priority (seed 001 四(六)).'),
  requestedAt: z.string(),
  ageMinutes: z.number().int().describe('Minutes since the request.'),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
});

export const worklistQuerySchema = z.object({
  centerId: uuid.optional(),
  modality: text(16).optional(),
  priority: z.enum(PRIORITIES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

/** D3 as a reader sees it: the queue of their centers, and claiming a study picked from it. */
export const WorklistContracts = {
  list: contract(
    'diagnosis.worklist.list',
    worklistQuerySchema,
    z.object({ items: z.array(worklistItemSchema), total: z.number().int() }),
  ),
  claim: contract('diagnosis.worklist.claim', z.object({ studyId: uuid }), studyDetailSchema),
} as const;

import { z } from 'zod';
import { pageQuery } from '@app/shared';
import { RESOURCE_TYPES, URGENCIES } from './notice-rules';

const sequence = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const noticeSchema = z.object({
  id: z.string().uuid(),
  sequence: sequence.describe('Increases with every notice; the stream event id'),
  type: z.string().describe('The event that made it: referral.green_channel, critical.raised…'),
  urgency: z.enum(URGENCIES).describe('CRITICAL must interrupt; HIGH stands out; NORMAL waits'),
  title: z.string().describe('zh-CN, one line'),
  body: z.string().describe('zh-CN, what happened and what to do'),
  resource: z.object({ type: z.enum(RESOURCE_TYPES), id: z.string().uuid() }),
  link: z.string().describe("The console's route for the resource"),
  occurredAt: z.string().datetime({ offset: true }),
  createdAt: z.string().datetime({ offset: true }),
  read: z.boolean(),
  readAt: z.string().datetime({ offset: true }).nullable(),
});

export const unreadSchema = z.object({
  unread: z.number().int(),
  byUrgency: z.object({
    CRITICAL: z.number().int(),
    HIGH: z.number().int(),
    NORMAL: z.number().int(),
  }),
});

export const noticeListQuery = pageQuery.extend({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only unread ones'),
  urgency: z.enum(URGENCIES).optional(),
});
export type NoticeListQuery = z.infer<typeof noticeListQuery>;

export const markAllReadSchema = z.strictObject({
  /** Marks notices up to this sequence (what the client has shown); default: all of them now. */
  through: sequence.optional(),
});

export const markAllReadResult = unreadSchema.extend({
  marked: z.number().int(),
  through: sequence,
});

/** Last-Event-ID as the stream accepts it: a sequence from an earlier stream, digits only. */
export const lastEventIdSchema = z
  .string()
  .regex(/^\d{1,15}$/, 'Last-Event-ID: the sequence of the last notice received (digits)')
  .transform(Number);

import { z } from 'zod';
import { diagnosisEvents } from './diagnosis.events';
import { directoryEvents } from './directory.events';
import { referralEvents } from './referral.events';

/**
 * Domain events published through the outbox. One map from event type to payload schema,
 * so a publisher and a consumer of `referral.accepted` read the same shape. Each service
 * keeps its events in its own file; this map joins them.
 */
export const eventSchemas = {
  // Used by the outbox drill in test/integration; poison marks an event its handler rejects.
  'test.tick': z.object({ n: z.number().int(), poison: z.boolean().optional() }),
  ...directoryEvents,
  ...referralEvents,
  ...diagnosisEvents,
} as const;

export type EventType = keyof typeof eventSchemas;
export type EventPayload<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;

/** What travels on JetStream: the envelope around a payload. */
export const eventEnvelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string(),
  occurredAt: z.string(),
  aggregateType: z.string(),
  aggregateId: z.string(),
  communityId: z.string().uuid().nullable(),
  correlationId: z.string().nullable(),
  payload: z.unknown(),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

import { z } from 'zod';
import { retrySchedule } from './setting-types';

/** The HL7 v2 MLLP listener for HIS engines, and the ORU results sent back to them. */
export const hl7Settings = {
  /** The HL7 v2 MLLP listener (ADT, ORM in; ACK out) for HIS engines; 0 leaves it off (npm start: 2575). */
  HL7_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Where it listens; empty means HOST. The HIS sits on the hospital LAN, so production binds 0.0.0.0. */
  HL7_HOST: z.string().default(''),
  /** MLLP connections open at once, all HL7 clients together; the next is closed at once. */
  HL7_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(32),
  /** A peer silent this long, or a message unfinished this long after its first byte, is cut off; also our ORU's ACK wait. */
  HL7_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** The longest message (MLLP block, bytes) taken; a longer one gets AR and the connection closes. */
  HL7_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** The most segments one message may have; more gets AR. */
  HL7_MAX_SEGMENTS: z.coerce.number().int().min(10).max(100_000).default(2000),
  /** Outbound ORU: delays between attempts (`5s,5m,30m,2h`…); after the last the message is DEAD. */
  HL7_RETRY_SCHEDULE: retrySchedule('HL7_RETRY_SCHEDULE', '5s,30s,5m,30m,2h,5h,10h'),
  /** Outbound ORU: the safety-net sweep that finds due messages when nothing woke the sender. */
  HL7_SWEEP_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** Outbound ORU: messages in flight per gateway process (one at a time per client, in order). */
  HL7_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** MSH-3/MSH-4 of what we send (ACK and ORU): our application and facility names. */
  HL7_APPLICATION: z.string().min(1).max(180).default('CMC'),
  HL7_FACILITY: z.string().min(1).max(180).default('CMC'),
};

import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * An HL7 v2 client (a HIS or integration engine, issue 15 item 4) registered by the community
 * admin for one institution. The MLLP listener takes a message only from a registered, active
 * MSH-3/MSH-4 pair (and, when a host is set, only from that address); what it registers or
 * orders belongs to that institution. Results (ORU^R01) go back to its outbound host and port.
 */
const name = z.string().trim().min(1).max(100);
/** HD namespace id (HL7 v2.5.1 §2.A.33): printable, no delimiter characters. */
const hd = z
  .string()
  .trim()
  .regex(/^[^|^~\\&\r\n]{1,180}$/, 'printable text without | ^ ~ \\ &, at most 180 characters');
const host = z
  .string()
  .trim()
  .refine((v) => isIP(v) !== 0, 'an IPv4 or IPv6 address (host names are not resolved)')
  .nullable();
const outboundHost = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9.:-]{1,253}$/, 'a host name or an IP address')
  .nullable();
const port = z.number().int().min(1).max(65535).nullable();
/** MSH-18 values (table 0211) we write in. */
export const HL7_CHARSETS = ['UNICODE UTF-8', 'GB 18030-2000'] as const;

const settings = {
  name,
  /** Only messages from this address are taken; null takes any. */
  host: host.optional(),
  /** The reading center (IMAGING_CENTER or ECG_CENTER of the community) its orders go to. */
  defaultCenterId: z.string().uuid(),
  /** Where ORU^R01 results are sent; null sends none. */
  outboundHost: outboundHost.optional(),
  outboundPort: port.optional(),
  /** MSH-5/MSH-6 of what we send it. */
  receivingApplication: z
    .string()
    .trim()
    .max(180)
    .regex(/^[^|^~\\&\r\n]*$/)
    .optional(),
  receivingFacility: z
    .string()
    .trim()
    .max(180)
    .regex(/^[^|^~\\&\r\n]*$/)
    .optional(),
  /** The character set of the results we send it (MSH-18). */
  charset: z.enum(HL7_CHARSETS).optional(),
};

const bothOrNeither = (v: { outboundHost?: string | null; outboundPort?: number | null }) =>
  (v.outboundHost === undefined) === (v.outboundPort === undefined) &&
  (v.outboundHost === null) === (v.outboundPort === null);
const BOTH = { message: 'set outboundHost and outboundPort together', path: ['outboundPort'] };

export const newHl7ClientSchema = z
  .object({
    institutionId: z.string().uuid(),
    /** MSH-3 and MSH-4 of its messages: together unique across the platform. */
    sendingApplication: hd,
    sendingFacility: hd,
    ...settings,
  })
  .strict()
  .refine(bothOrNeither, BOTH);
export type NewHl7Client = z.infer<typeof newHl7ClientSchema>;

export const updateHl7ClientSchema = z
  .object({
    sendingApplication: hd.optional(),
    sendingFacility: hd.optional(),
    ...settings,
    name: name.optional(),
    defaultCenterId: z.string().uuid().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field' })
  .refine(bothOrNeither, BOTH);
export type UpdateHl7Client = z.infer<typeof updateHl7ClientSchema>;

export const hl7ClientViewSchema = z.object({
  id: z.string().uuid(),
  institutionId: z.string().uuid(),
  name: z.string(),
  sendingApplication: z.string(),
  sendingFacility: z.string(),
  host: z.string().nullable(),
  defaultCenterId: z.string().uuid(),
  outboundHost: z.string().nullable(),
  outboundPort: z.number().int().nullable(),
  receivingApplication: z.string(),
  receivingFacility: z.string(),
  charset: z.enum(HL7_CHARSETS),
  active: z.boolean(),
  /** The last message taken from it (null before the first). */
  lastSeenAt: z.string().nullable(),
});
export type Hl7ClientView = z.infer<typeof hl7ClientViewSchema>;

export const hl7ClientQuerySchema = z.object({ institutionId: z.string().uuid().optional() });

export const HL7_OUTBOUND_STATUSES = ['PENDING', 'FAILED', 'DELIVERED', 'DEAD'] as const;

/** One outbound result message and how its sending went. */
export const hl7OutboundViewSchema = z.object({
  id: z.string().uuid(),
  clientId: z.string().uuid(),
  eventType: z.string(),
  studyId: z.string().uuid(),
  controlId: z.string().nullable(),
  status: z.enum(HL7_OUTBOUND_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAckCode: z.string().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Hl7OutboundView = z.infer<typeof hl7OutboundViewSchema>;

export const hl7OutboundQuerySchema = z.object({
  status: z.enum(HL7_OUTBOUND_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

import { isIP } from 'node:net';
import { z } from 'zod';
import { aeTitleSchema } from '../dicom/dimse';

/**
 * A modality (CT, DR, ECG cart…) registered by the community admin for one institution: the
 * DIMSE listener accepts an association only from a registered, active AE title (and, when a
 * host is set, only from that address), and what it stores belongs to that institution.
 */
const name = z.string().trim().min(1).max(100);
const host = z
  .string()
  .trim()
  .refine((v) => isIP(v) !== 0, 'an IPv4 or IPv6 address (host names are not resolved)')
  .nullable();

export const newModalitySchema = z
  .object({
    institutionId: z.string().uuid(),
    /** The modality's own (calling) AE title, unique across the platform. */
    aeTitle: aeTitleSchema,
    name,
    /** Only associations from this address are accepted; null accepts any. */
    host: host.optional(),
  })
  .strict();
export type NewModality = z.infer<typeof newModalitySchema>;

export const updateModalitySchema = z
  .object({ aeTitle: aeTitleSchema.optional(), name: name.optional(), host: host.optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, {
    message: 'send at least one of aeTitle, name, host',
  });
export type UpdateModality = z.infer<typeof updateModalitySchema>;

export const modalityViewSchema = z.object({
  id: z.string().uuid(),
  institutionId: z.string().uuid(),
  aeTitle: z.string(),
  name: z.string(),
  host: z.string().nullable(),
  active: z.boolean(),
  /** The last association accepted from it (null before the first). */
  lastSeenAt: z.string().nullable(),
});
export type ModalityView = z.infer<typeof modalityViewSchema>;

export const modalityQuerySchema = z.object({ institutionId: z.string().uuid().optional() });

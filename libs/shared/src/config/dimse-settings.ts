import { z } from 'zod';

/** The DICOM DIMSE listener the modalities of the clinic LAN store to. */
export const dimseSettings = {
  /** The DICOM DIMSE listener (C-ECHO, C-STORE) for modalities; 0 leaves it off (npm start: 11112). */
  DIMSE_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Where it listens; empty means HOST. Modalities sit on the clinic LAN, so production binds 0.0.0.0. */
  DIMSE_HOST: z.string().default(''),
  /** Our (called) AE title; an association addressed to another is refused. */
  DIMSE_AE_TITLE: z
    .string()
    .regex(/^[\x21-\x5b\x5d-\x7e][\x20-\x5b\x5d-\x7e]{0,15}$/, 'an AE title of 1 to 16 characters')
    .transform((v) => v.trim())
    .default('CMC'),
  /** Associations open at once, all modalities together; the next is refused as congested. */
  DIMSE_MAX_ASSOCIATIONS: z.coerce.number().int().min(1).max(1000).default(32),
  /** A peer silent this long (before or during an association) is cut off. */
  DIMSE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** DICOM TLS (PS3.15 B.1): certificate and key in PEM; with a CA, modalities must present one it signed. */
  DIMSE_TLS_CERT_FILE: z.string().default(''),
  DIMSE_TLS_KEY_FILE: z.string().default(''),
  DIMSE_TLS_CA_FILE: z.string().default(''),
};

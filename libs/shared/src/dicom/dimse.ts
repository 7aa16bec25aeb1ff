import { z } from 'zod';
import { ErrorCode } from '../errors/error-code';
import { ACCEPTED_TRANSFER_SYNTAXES } from './header';

/** PS3.4 A.4: the Verification SOP Class (C-ECHO). */
export const VERIFICATION_SOP_CLASS = '1.2.840.10008.1.1';

/** PS3.4 K.6.1: Modality Worklist Information Model – FIND. */
export const MODALITY_WORKLIST_FIND = '1.2.840.10008.5.1.4.31';

/**
 * Storage SOP classes a township or village modality sends (PS3.4 B.5): CT, MR, CR, DX, US,
 * secondary capture and the ECG waveforms. Anything else is refused at association time,
 * so a modality learns at once rather than per instance.
 */
export const DIMSE_STORAGE_SOP_CLASSES: Readonly<Record<string, string>> = {
  '1.2.840.10008.5.1.4.1.1.2': 'CT Image',
  '1.2.840.10008.5.1.4.1.1.2.1': 'Enhanced CT Image',
  '1.2.840.10008.5.1.4.1.1.4': 'MR Image',
  '1.2.840.10008.5.1.4.1.1.4.1': 'Enhanced MR Image',
  '1.2.840.10008.5.1.4.1.1.1': 'Computed Radiography Image',
  '1.2.840.10008.5.1.4.1.1.1.1': 'Digital X-Ray Image (For Presentation)',
  '1.2.840.10008.5.1.4.1.1.1.1.1': 'Digital X-Ray Image (For Processing)',
  '1.2.840.10008.5.1.4.1.1.6.1': 'Ultrasound Image',
  '1.2.840.10008.5.1.4.1.1.3.1': 'Ultrasound Multi-frame Image',
  '1.2.840.10008.5.1.4.1.1.7': 'Secondary Capture Image',
  '1.2.840.10008.5.1.4.1.1.9.1.1': '12-lead ECG Waveform',
  '1.2.840.10008.5.1.4.1.1.9.1.2': 'General ECG Waveform',
};

/**
 * Transfer syntaxes the intake stores as they arrive: the very list the REST and STOW-RS paths
 * take, so the three ways in cannot drift apart (Deflate stays refused there, see header.ts).
 */
export const DIMSE_TRANSFER_SYNTAXES: Readonly<Record<string, string>> = ACCEPTED_TRANSFER_SYNTAXES;

/** C-ECHO needs no data set; the default transfer syntax is all it has to support (PS3.5 10.1). */
export const IMPLICIT_VR_LE = '1.2.840.10008.1.2';

/**
 * An AE title as PS3.5 6.2 allows it (16 characters of the default repertoire, no backslash
 * or control characters; leading and trailing spaces are not significant). We also refuse
 * an all-space title and characters outside printable ASCII, which no modality console offers.
 */
export const aeTitleSchema = z
  .string()
  .trim()
  .min(1, 'an AE title has 1 to 16 characters')
  .max(16, 'an AE title has at most 16 characters')
  .regex(/^[\x20-\x5b\x5d-\x7e]+$/, 'printable ASCII without backslash');

/**
 * C-STORE status for each way the intake can refuse an instance (PS3.4 B.2.3 and C.4.2.1.4).
 * A Record over ErrorCode, so adding a code fails to compile until it is mapped here.
 */
export const DIMSE_STORE_STATUS: Readonly<Record<ErrorCode, number>> = {
  [ErrorCode.VALIDATION_FAILED]: 0xc000, // Error: cannot understand
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 0xc000,
  [ErrorCode.NOT_ACCEPTABLE]: 0xc000,
  [ErrorCode.HEADERS_TOO_LARGE]: 0xa700, // Refused: out of resources
  [ErrorCode.PAYLOAD_TOO_LARGE]: 0xa700,
  [ErrorCode.INSUFFICIENT_STORAGE]: 0xa700,
  [ErrorCode.RATE_LIMITED]: 0xa700,
  [ErrorCode.CAPACITY_EXHAUSTED]: 0xa700,
  [ErrorCode.QUOTA_VIOLATION]: 0xa700,
  [ErrorCode.UNAUTHENTICATED]: 0x0124, // Refused: not authorized
  [ErrorCode.FORBIDDEN]: 0x0124,
  [ErrorCode.NOT_FOUND]: 0xa900, // Error: data set does not match the SOP class / what we hold
  [ErrorCode.CONFLICT]: 0xa900,
  [ErrorCode.INVALID_TRANSITION]: 0xa900,
  [ErrorCode.IDEMPOTENCY_MISMATCH]: 0xa900,
  [ErrorCode.PRECONDITION_FAILED]: 0xa900,
  [ErrorCode.SERVICE_UNAVAILABLE]: 0xa700, // the modality retries later, as for a full disk
  [ErrorCode.INTERNAL]: 0x0110, // Processing failure
};

export const DIMSE_STATUS = {
  SUCCESS: 0x0000,
  PROCESSING_FAILURE: 0x0110,
  SOP_CLASS_NOT_SUPPORTED: 0x0122,
  NOT_AUTHORIZED: 0x0124,
  OUT_OF_RESOURCES: 0xa700,
  DATA_SET_MISMATCH: 0xa900,
  CANNOT_UNDERSTAND: 0xc000,
  UNRECOGNIZED_OPERATION: 0x0211,
} as const;

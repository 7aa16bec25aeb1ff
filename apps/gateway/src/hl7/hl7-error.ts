/**
 * HL7 v2.5.1 table 0357 (message error condition codes) — the ones this gateway reports.
 * 1xx: the content is wrong (AE); 2xx: we refuse the message (AR) or failed ourselves.
 */
export const ERROR_CODES = {
  SEGMENT_SEQUENCE: '100',
  REQUIRED_FIELD_MISSING: '101',
  DATA_TYPE: '102',
  TABLE_VALUE_NOT_FOUND: '103',
  UNSUPPORTED_MESSAGE_TYPE: '200',
  UNSUPPORTED_EVENT_CODE: '201',
  UNSUPPORTED_PROCESSING_ID: '202',
  UNSUPPORTED_VERSION: '203',
  UNKNOWN_KEY: '204',
  DUPLICATE_KEY: '205',
  INTERNAL: '207',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Where in the message (the ERL data type of ERR-2, §2.A.26). */
export interface Hl7Location {
  segment: string;
  /** 1 for the first segment of that name. */
  sequence?: number;
  field?: number;
  component?: number;
}

/**
 * What the ACK tells the sender (§2.9.2, table 0008): AE when the content is wrong and a
 * corrected message may succeed, AR when the message cannot be taken at all (unknown sender,
 * unsupported type, broken framing or encoding).
 */
export class Hl7Error extends Error {
  constructor(
    readonly ack: 'AE' | 'AR',
    readonly code: ErrorCode,
    message: string,
    readonly location?: Hl7Location,
  ) {
    super(message);
  }

  static content(code: ErrorCode, message: string, location?: Hl7Location): Hl7Error {
    return new Hl7Error('AE', code, message, location);
  }

  static reject(code: ErrorCode, message: string, location?: Hl7Location): Hl7Error {
    return new Hl7Error('AR', code, message, location);
  }
}

/** "PID-3.1" for people reading MSA-3. */
export function describeLocation(l: Hl7Location | undefined): string {
  if (!l) return '';
  let at = l.segment;
  if (l.field !== undefined) at += `-${l.field}`;
  if (l.component !== undefined && l.component > 1) at += `.${l.component}`;
  return at;
}

import { randomUUID } from 'node:crypto';
import { describeLocation, ERROR_CODES, Hl7Error } from './hl7-error';
import { components, escapeHl7, segment } from './hl7-message';
import { hl7Now } from './hl7-time';

/** What of the incoming MSH an ACK echoes; fields we could not read stay empty. */
export interface AckContext {
  sendingApplication: string;
  sendingFacility: string;
  controlId: string;
  triggerEvent: string;
  version: string;
  processingId: string;
  charset: string;
}

export const EMPTY_ACK_CONTEXT: AckContext = {
  sendingApplication: '',
  sendingFacility: '',
  controlId: '',
  triggerEvent: '',
  version: '2.5.1',
  processingId: 'P',
  charset: '',
};

export interface Us {
  application: string;
  facility: string;
}

/** ERR-3 names table 0357; its texts, so a reader of the ACK needs no table. */
const CODE_TEXT: Record<string, string> = {
  [ERROR_CODES.SEGMENT_SEQUENCE]: 'Segment sequence error',
  [ERROR_CODES.REQUIRED_FIELD_MISSING]: 'Required field missing',
  [ERROR_CODES.DATA_TYPE]: 'Data type error',
  [ERROR_CODES.TABLE_VALUE_NOT_FOUND]: 'Table value not found',
  [ERROR_CODES.UNSUPPORTED_MESSAGE_TYPE]: 'Unsupported message type',
  [ERROR_CODES.UNSUPPORTED_EVENT_CODE]: 'Unsupported event code',
  [ERROR_CODES.UNSUPPORTED_PROCESSING_ID]: 'Unsupported processing id',
  [ERROR_CODES.UNSUPPORTED_VERSION]: 'Unsupported version id',
  [ERROR_CODES.UNKNOWN_KEY]: 'Unknown key identifier',
  [ERROR_CODES.DUPLICATE_KEY]: 'Duplicate key identifier',
  [ERROR_CODES.INTERNAL]: 'Application internal error',
};

/**
 * The general acknowledgement (HL7 v2.5.1 §2.14.1, ACK^<event>^ACK): MSH addressed back to the
 * sender, MSA-1 (table 0008) and MSA-2 echoing MSH-10, and for an error MSA-3 plus one ERR
 * (§2.15.5) with the location (ERR-2, ERL), the code (ERR-3, table 0357) and severity E (ERR-4).
 */
export function buildAck(us: Us, ctx: AckContext, error?: Hl7Error): string {
  const code = error ? error.ack : 'AA';
  const msh = segment('MSH', [
    '^~\\&',
    escapeHl7(us.application),
    escapeHl7(us.facility),
    escapeHl7(ctx.sendingApplication),
    escapeHl7(ctx.sendingFacility),
    hl7Now(),
    '',
    components('ACK', ctx.triggerEvent, 'ACK'),
    randomUUID().replace(/-/g, '').slice(0, 20),
    /^[PTD]$/.test(ctx.processingId) ? ctx.processingId : 'P',
    '2.5.1',
    '',
    '',
    '',
    '',
    '',
    escapeHl7(ctx.charset),
  ]);
  if (!error) return `${msh}\r${segment('MSA', [code, escapeHl7(ctx.controlId)])}\r`;
  const where = describeLocation(error.location);
  const text = `${where ? `${where}: ` : ''}${error.message}`.slice(0, 500);
  const msa = segment('MSA', [code, escapeHl7(ctx.controlId), escapeHl7(text.slice(0, 80))]);
  const l = error.location;
  const erl = l
    ? components(
        l.segment,
        String(l.sequence ?? 1),
        l.field === undefined ? '' : String(l.field),
        l.field === undefined ? '' : '1',
        l.component === undefined ? '' : String(l.component),
      )
    : '';
  const err = segment('ERR', [
    '',
    erl,
    components(error.code, CODE_TEXT[error.code] ?? '', 'HL70357'),
    'E',
    '',
    '',
    '',
    escapeHl7(text),
  ]);
  return `${msh}\r${msa}\r${err}\r`;
}

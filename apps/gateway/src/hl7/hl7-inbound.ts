import { AckContext, buildAck, EMPTY_ACK_CONTEXT, Us } from './hl7-ack';
import { charsetOf, decodeHl7, encodeHl7, Hl7Charset, rawMsh18 } from './hl7-charset';
import { ERROR_CODES, Hl7Error } from './hl7-error';
import { Hl7Message, parseHl7, segmentsOf, valueOf } from './hl7-message';

/** A message's sender, as the listener knows it, and the MSH fields naming it. */
export interface Inbound {
  message: Hl7Message;
  sendingApplication: string;
  sendingFacility: string;
  type: string;
  event: string;
  controlId: string;
  remoteAddress: string | undefined;
}

/** Runs one accepted message; throws Hl7Error (AE/AR) or anything else (AR 207). */
export type InboundHandler = (inbound: Inbound) => Promise<void>;

export interface InboundResult {
  ack: Buffer;
  code: 'AA' | 'AE' | 'AR';
  type: string;
  /** Why, when not AA (no patient data: codes, locations and our own texts only). */
  reason?: string;
  /** An error of ours (not the sender's content), for the log through safeError. */
  failure?: unknown;
}

/**
 * One MLLP block in, one encoded ACK out (HL7 v2.5.1 §2.9.2, original acknowledgment mode).
 * The character set comes from MSH-18 read off the raw bytes; the ACK is written in it too.
 * Never throws: whatever the bytes, the caller gets an ACK to send.
 */
export async function handleInbound(
  bytes: Buffer,
  remoteAddress: string | undefined,
  us: Us,
  maxSegments: number,
  handle: InboundHandler,
): Promise<InboundResult> {
  let ctx: AckContext = EMPTY_ACK_CONTEXT;
  let charset: Hl7Charset = 'UNICODE UTF-8';
  let type = '';
  try {
    const msh18 = rawMsh18(bytes);
    if (msh18 === undefined)
      throw Hl7Error.reject(ERROR_CODES.SEGMENT_SEQUENCE, 'message does not start with MSH', {
        segment: 'MSH',
      });
    const known = charsetOf(msh18);
    if (!known)
      throw Hl7Error.reject(ERROR_CODES.TABLE_VALUE_NOT_FOUND, 'character set not supported', {
        segment: 'MSH',
        field: 18,
      });
    charset = known;
    let text: string;
    try {
      text = decodeHl7(bytes, charset);
    } catch {
      throw Hl7Error.reject(ERROR_CODES.DATA_TYPE, `bytes are not valid ${charset}`, {
        segment: 'MSH',
        field: 18,
      });
    }
    const message = parseHl7(text, maxSegments);
    const msh = segmentsOf(message, 'MSH')[0];
    ctx = {
      sendingApplication: valueOf(message, msh, 3),
      sendingFacility: valueOf(message, msh, 4),
      controlId: valueOf(message, msh, 10).slice(0, 199),
      triggerEvent: valueOf(message, msh, 9, 2),
      version: valueOf(message, msh, 12),
      processingId: valueOf(message, msh, 11),
      charset: valueOf(message, msh, 18),
    };
    type = `${valueOf(message, msh, 9, 1)}^${ctx.triggerEvent}`;
    checkHeader(message, ctx);
    await handle({
      message,
      sendingApplication: ctx.sendingApplication,
      sendingFacility: ctx.sendingFacility,
      type: valueOf(message, msh, 9, 1),
      event: ctx.triggerEvent,
      controlId: ctx.controlId,
      remoteAddress,
    });
    return { ack: encodeHl7(buildAck(us, ctx), charset), code: 'AA', type };
  } catch (error) {
    const e =
      error instanceof Hl7Error
        ? error
        : Hl7Error.reject(ERROR_CODES.INTERNAL, 'could not be processed now; send it again later');
    return {
      ack: encodeHl7(buildAck(us, ctx, e), charset),
      code: e.ack,
      type,
      reason: `${e.code} ${e.location ? `${e.location.segment}-${e.location.field ?? ''} ` : ''}${e.message}`,
      failure: error instanceof Hl7Error ? undefined : error,
    };
  }
}

/** MSH fields every message must carry (§2.14.9): type, control id, processing id, version. */
function checkHeader(message: Hl7Message, ctx: AckContext): void {
  const msh = segmentsOf(message, 'MSH')[0];
  const missing = (field: number, component = 1) =>
    Hl7Error.reject(ERROR_CODES.REQUIRED_FIELD_MISSING, 'required field is empty', {
      segment: 'MSH',
      field,
      component,
    });
  if (!valueOf(message, msh, 9, 1)) throw missing(9);
  if (!ctx.triggerEvent) throw missing(9, 2);
  if (!ctx.controlId) throw missing(10);
  if (!ctx.sendingApplication && !ctx.sendingFacility) throw missing(3);
  // Table 0103: P production, D debugging, T training. All three are processed alike here.
  if (!/^[PDT]$/.test(ctx.processingId.slice(0, 1)))
    throw Hl7Error.reject(ERROR_CODES.UNSUPPORTED_PROCESSING_ID, 'processing id not P, D or T', {
      segment: 'MSH',
      field: 11,
    });
  if (!/^2\.\d/.test(ctx.version))
    throw Hl7Error.reject(ERROR_CODES.UNSUPPORTED_VERSION, 'only HL7 version 2.x is taken', {
      segment: 'MSH',
      field: 12,
    });
}

/**
 * The AR for bytes that never made a whole message (broken framing, over the size limit): MSH
 * is read from what arrived, best effort, so MSA-2 can still name the message when it can.
 */
export function rejectUnframed(partial: Buffer, reason: string, us: Us): Buffer {
  let ctx: AckContext = EMPTY_ACK_CONTEXT;
  const head = partial.subarray(0, 4096).toString('latin1');
  if (head.startsWith('MSH') && head.length > 8) {
    const parts = head.split(/[\r\n]/)[0].split(head[3]);
    const plain = (v: string | undefined) => (v ?? '').replace(/[^\x20-\x7e]/g, '').slice(0, 199);
    const component = parts[1]?.[0] ?? '^';
    ctx = {
      ...EMPTY_ACK_CONTEXT,
      sendingApplication: plain(parts[2]?.split(component)[0]),
      sendingFacility: plain(parts[3]?.split(component)[0]),
      triggerEvent: plain(parts[8]?.split(component)[1]),
      controlId: plain(parts[9]),
    };
  }
  const error = Hl7Error.reject(ERROR_CODES.DATA_TYPE, `MLLP: ${reason}`);
  return encodeHl7(buildAck(us, ctx, error), 'UNICODE UTF-8');
}

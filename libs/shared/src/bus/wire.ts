import { WireError } from '../errors';

/** Every reply on the bus is one of these; errors keep their domain code across processes. */
export type WireReply<T> = { ok: true; data: T } | { ok: false; error: WireError };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function decodeJson(bytes: Uint8Array): unknown {
  return JSON.parse(decoder.decode(bytes));
}

import { randomBytes } from 'node:crypto';

/** PS3.5 B.2: a UID from a UUID, under the 2.25 root, needs no registered root of our own. */
export function uuidToUid(uuid: string): string {
  return `2.25.${BigInt(`0x${uuid.replaceAll('-', '')}`).toString()}`;
}

/** 16 characters (SH): "A" and 15 base-36 characters of randomness. */
export function newAccessionNumber(): string {
  return `A${BigInt(`0x${randomBytes(10).toString('hex')}`)
    .toString(36)
    .toUpperCase()
    .slice(0, 15)}`;
}

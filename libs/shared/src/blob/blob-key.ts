import { randomUUID } from 'node:crypto';

/** Keys are `ab/<uuid>`: spread over 256 prefixes (directories on disk, key prefixes in S3). */
const KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

/** A fresh key, with the id it is made of (the file store names its temporary file after it). */
export function newBlobKey(): { id: string; key: string } {
  const id = randomUUID();
  return { id, key: `${id.slice(0, 2)}/${id}` };
}

/** A key handed in (from a database row) must be one we made: no path or prefix tricks. */
export function checkedBlobKey(key: string): string {
  if (!KEY.test(key)) throw new Error('invalid blob key');
  return key;
}

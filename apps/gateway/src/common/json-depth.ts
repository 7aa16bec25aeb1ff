/** Deeper than any request of ours needs (the deepest contract nests 4 levels). */
export const MAX_JSON_DEPTH = 32;

export class JsonTooDeep extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';
  constructor() {
    super(`Request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

/**
 * Body-parser `verify` hook: one pass over the raw bytes, counting brackets outside strings,
 * before JSON.parse runs. A body like `[[[[…` a million deep would otherwise parse fine and then
 * overflow the stack of whatever walks it recursively (JSON.stringify, zod, our hashing).
 */
export function refuseDeepJson(_req: unknown, _res: unknown, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw new JsonTooDeep();
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

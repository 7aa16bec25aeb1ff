/**
 * Lenient Accept parsing for DICOMweb (PS3.18 8.7): viewers send lists, quoted or unquoted
 * `type`, repeated `transfer-syntax=*`, q-values. A range the server cannot honour is skipped;
 * 406 only when none is left (the caller decides).
 */
export interface MediaRange {
  type: string;
  params: Map<string, string[]>;
  q: number;
}

const MAX_RANGES = 50;

/** Splits on `sep` outside double quotes. */
function splitOutsideQuotes(value: string, sep: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || !header.trim()) return [{ type: '*/*', params: new Map(), q: 1 }];
  const ranges: MediaRange[] = [];
  for (const item of splitOutsideQuotes(header.slice(0, 4096), ',').slice(0, MAX_RANGES)) {
    const [type, ...rest] = splitOutsideQuotes(item, ';').map((s) => s.trim());
    if (!/^[\w.+*-]+\/[\w.+*-]+$/.test(type)) continue;
    const params = new Map<string, string[]>();
    let q = 1;
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq <= 0) continue;
      const name = p.slice(0, eq).trim().toLowerCase();
      const value = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (name === 'q') q = Number.isFinite(Number(value)) ? Number(value) : 1;
      else params.set(name, [...(params.get(name) ?? []), value]);
    }
    if (q > 0) ranges.push({ type: type.toLowerCase(), params, q });
  }
  return ranges.sort((a, b) => b.q - a.q);
}

const wildcard = (r: MediaRange) => r.type === '*/*' || r.type === 'multipart/*';

/** Whether a range admits the transfer syntax the bytes are in (absent or * admits all). */
function admitsSyntax(r: MediaRange, syntaxes: string[], fallback: string[]): boolean {
  const asked = r.params.get('transfer-syntax');
  if (!asked || asked.includes('*')) return true;
  return syntaxes.every((ts) => asked.includes(ts) || fallback.includes(ts));
}

/** multipart/related; type="<part>" — or a wildcard — that admits every stored syntax. */
export function acceptsMultipart(
  ranges: MediaRange[],
  part: 'application/dicom' | 'application/octet-stream',
  syntaxes: string[],
): boolean {
  return ranges.some((r) => {
    if (wildcard(r)) return true;
    if (r.type !== 'multipart/related') return false;
    const type = r.params.get('type')?.[0]?.toLowerCase();
    return (!type || type === part) && admitsSyntax(r, syntaxes, []);
  });
}

export function acceptsDicomJson(ranges: MediaRange[]): boolean {
  return ranges.some((r) =>
    ['*/*', 'application/*', 'application/dicom+json', 'application/json'].includes(r.type),
  );
}

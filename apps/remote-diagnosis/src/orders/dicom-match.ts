/**
 * A DICOM matching value (PS3.4 C.2.2.2.4) as a LIKE pattern for `LIKE $n ESCAPE '\'`: `*`
 * becomes `%` and `?` becomes `_`, and LIKE's own `%`, `_` and `\` are escaped so a modality's
 * literal characters never act as wildcards. A value without wildcards is an exact match.
 */
export function likePattern(dicomMatch: string): string {
  return [...dicomMatch]
    .map((c) => (c === '*' ? '%' : c === '?' ? '_' : /[%_\\]/.test(c) ? `\\${c}` : c))
    .join('');
}

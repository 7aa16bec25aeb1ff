/**
 * The Specific Character Set (0008,0005) a C-FIND identifier names, read from its first bytes.
 * dcmjs decodes text by it and then rewrites it to ISO_IR 192, so the term the modality asked
 * for (GB18030, say) is gone from the parsed identifier; its raw bytes still have it. The
 * elements before (0008,0005) are few and short, and only those are walked.
 */
export function identifierCharset(head: Buffer, implicit: boolean): string | undefined {
  let at = 0;
  for (let steps = 0; steps < 8 && at + 8 <= head.length; steps++) {
    const group = head.readUInt16LE(at);
    const element = head.readUInt16LE(at + 2);
    const tag = group * 0x10000 + element;
    if (tag > 0x00080005) return undefined;
    let length: number;
    let value: number;
    if (implicit) {
      length = head.readUInt32LE(at + 4);
      value = at + 8;
    } else {
      const vr = head.toString('latin1', at + 4, at + 6);
      const long = ['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR', 'OD', 'OF', 'OL', 'OV'].includes(vr);
      if (long && at + 12 > head.length) return undefined;
      length = long ? head.readUInt32LE(at + 8) : head.readUInt16LE(at + 6);
      value = at + (long ? 12 : 8);
    }
    if (length === 0xffffffff || value + length > head.length) return undefined;
    if (tag === 0x00080005) {
      const terms = head.toString('latin1', value, value + length).split('\\');
      // With code extensions the first term may be empty (the default repertoire); the last
      // names the one the modality's text is in.
      return terms
        .map((t) => t.trim())
        .filter(Boolean)
        .pop();
    }
    at = value + length;
  }
  return undefined;
}

/**
 * Which standard lead a channel records. Files name it many ways (CID 3001 codes in the MDC or
 * SCP-ECG scheme, MDC_ECG_LEAD_* codes, or only a meaning or label); the rhythm analysis and
 * the drawing go by the one name the decoder settles on (EcgChannel.lead).
 */

/** CID 3001 lead numbers, shared by the MDC ("2:n") and SCP-ECG ("5.6.3-9-n") codes. */
const LEAD_NUMBERS: Record<string, string> = {
  '1': 'I',
  '2': 'II',
  '3': 'V1',
  '4': 'V2',
  '5': 'V3',
  '6': 'V4',
  '7': 'V5',
  '8': 'V6',
  '61': 'III',
  '62': 'aVR',
  '63': 'aVL',
  '64': 'aVF',
};
const LEAD_NAMES = new Set(Object.values(LEAD_NUMBERS));

export function leadName(code: string | null, meaning: string | null, label: string | null) {
  const n = code ? /^(?:2:|5\.6\.3-9-)(\d+)$/.exec(code.trim())?.[1] : undefined;
  if (n && LEAD_NUMBERS[n]) return LEAD_NUMBERS[n];
  const mdc = code ? /^MDC_ECG_LEAD_(\w+)$/.exec(code.trim())?.[1] : undefined;
  for (const text of [mdc, meaning?.replace(/^lead\s+/i, ''), label?.replace(/^lead\s+/i, '')]) {
    const found = [...LEAD_NAMES].find((l) => l.toLowerCase() === text?.trim().toLowerCase());
    if (found) return found;
  }
  return null;
}

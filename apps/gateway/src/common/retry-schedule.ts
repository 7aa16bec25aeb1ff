/**
 * A retry schedule as the settings write it (WEBHOOK_RETRY_SCHEDULE, HL7_RETRY_SCHEDULE): the
 * webhook and HL7 result deliveries both wait by one, so both read it here.
 */

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `5s,5m,30m,2h` → milliseconds; the config loader has already checked the syntax. */
export function parseSchedule(spec: string): number[] {
  return spec.split(',').map((part) => {
    const match = /^\s*(\d+(?:\.\d+)?)(ms|s|m|h)\s*$/.exec(part);
    if (!match) throw new Error(`not a duration: "${part}"`);
    return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
  });
}

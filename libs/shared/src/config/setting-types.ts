import { z } from 'zod';

/** A secret from the environment: absent (or empty, as compose passes unset ones) means none. */
export function optionalSecret<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
}

/**
 * Delays between delivery attempts (`5s,5m,30m,2h`…), checked here so a bad one stops the
 * start-up; the gateway turns it into milliseconds (apps/gateway/src/common/retry-schedule.ts).
 */
export function retrySchedule(name: string, fallback: string) {
  return z
    .string()
    .default(fallback)
    .refine(
      (v) => v.split(',').every((d) => /^\s*\d+(\.\d+)?(ms|s|m|h)\s*$/.test(d)),
      `${name}: durations like 5s,5m,30m,2h (ms, s, m, h), comma-separated`,
    );
}

/**
 * When to try a file again. Exponential backoff with jitter, so thirty clinics that lost the same
 * county link do not all come back in the same second; capped at a minute, which is as long as
 * a clinician will wait without wondering whether the page still works.
 */
export const BASE_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 60_000;
/** Server errors give up after this many attempts (the clinician can retry by hand); network
 *  errors never do: a village link comes back eventually, and the queue waits for it. */
export const MAX_SERVER_ATTEMPTS = 8;

/** "Equal jitter": half the exponential delay for sure, the other half at random. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** 0 is a network failure (no answer); 408, 429 and 5xx may well succeed later. */
export function isRetryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now; undefined if absent or odd. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * What one attempt's outcome means, and how long until the next (G3; Standard Webhooks' advice).
 * The schedule itself is read by common/retry-schedule.
 */

/** RFC 9110 Retry-After: delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | undefined,
  now: Date = new Date(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

export type AttemptOutcome =
  { kind: 'response'; status: number; retryAfter?: string } | { kind: 'error'; error: string };

export type Decision =
  | { status: 'DELIVERED' }
  | { status: 'FAILED'; delayMs: number; disableEndpoint: boolean }
  | { status: 'DEAD'; disableEndpoint: boolean };

/**
 * After attempt number `attempts` (1 for the first): 2xx is delivered; anything else, a 3xx
 * included (redirects are not followed), is retried after the schedule's next delay, or after
 * the receiver's Retry-After (at least 1 s, at most `retryAfterMaxMs`); past the schedule the
 * delivery is DEAD. 410 Gone also disables the endpoint: the receiver says it is gone for good.
 */
export function decide(
  outcome: AttemptOutcome,
  attempts: number,
  schedule: number[],
  retryAfterMaxMs: number,
  now: Date = new Date(),
): Decision {
  if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300)
    return { status: 'DELIVERED' };
  const disableEndpoint = outcome.kind === 'response' && outcome.status === 410;
  if (attempts > schedule.length) return { status: 'DEAD', disableEndpoint };
  const asked = outcome.kind === 'response' ? parseRetryAfter(outcome.retryAfter, now) : undefined;
  const delayMs =
    asked === undefined ? schedule[attempts - 1] : Math.min(Math.max(asked, 1000), retryAfterMaxMs);
  return { status: 'FAILED', delayMs, disableEndpoint };
}

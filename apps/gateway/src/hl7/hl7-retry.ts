import type { SendOutcome } from './mllp-send';

export type Hl7Decision =
  | { status: 'DELIVERED'; ackCode: string }
  | { status: 'FAILED'; delayMs: number; error: string; ackCode: string | null }
  | { status: 'DEAD'; error: string; ackCode: string | null };

/**
 * After attempt number `attempts` (1 for the first): an ACK AA, or CA (a commit accept from an
 * engine in enhanced mode, table 0008), completes the result. Everything else — AE, AR, no ACK,
 * a refused or reset connection — is retried after the schedule's next delay: AE too, because a
 * HIS answers AE for a result whose order it has not filed yet, which passes. Past the schedule,
 * or when the result can never be built (`unrenderable`), it is DEAD.
 */
export function decideHl7(
  outcome: SendOutcome,
  attempts: number,
  schedule: number[],
  unrenderable = false,
): Hl7Decision {
  const ackCode = outcome.kind === 'ack' ? outcome.code : null;
  if (ackCode === 'AA' || ackCode === 'CA') return { status: 'DELIVERED', ackCode };
  const error = (
    outcome.kind === 'ack' ? `ACK ${outcome.code}: ${outcome.text}` : outcome.error
  ).slice(0, 500);
  if (unrenderable || attempts > schedule.length) return { status: 'DEAD', error, ackCode };
  return { status: 'FAILED', delayMs: schedule[attempts - 1], error, ackCode };
}

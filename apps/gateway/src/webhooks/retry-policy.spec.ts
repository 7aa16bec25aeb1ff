import { parseSchedule } from '../common/retry-schedule';
import { decide, parseRetryAfter } from './retry-policy';

describe('webhook retry policy', () => {
  const schedule = parseSchedule('5s,5m,30m,2h,5h,10h,10h');
  const MAX = 3600_000;

  it('reads the schedule', () => {
    expect(schedule).toEqual([5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 36e6]);
    expect(parseSchedule('200ms, 1.5s')).toEqual([200, 1500]);
    expect(() => parseSchedule('5 minutes')).toThrow();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2026-11-15T08:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 15 Nov 2026 08:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sun, 15 Nov 2026 07:00:00 GMT', now)).toBe(0);
    for (const bad of [undefined, '', '-5', '1.5', 'soon', '12:00'])
      expect(parseRetryAfter(bad, now)).toBeUndefined();
  });

  it('delivers on 2xx only; a redirect is a failure', () => {
    expect(decide({ kind: 'response', status: 204 }, 1, schedule, MAX)).toEqual({
      status: 'DELIVERED',
    });
    expect(decide({ kind: 'response', status: 302 }, 1, schedule, MAX)).toEqual({
      status: 'FAILED',
      delayMs: 5000,
      disableEndpoint: false,
    });
  });

  it('follows the schedule, then gives up', () => {
    const error = { kind: 'error' as const, error: 'ECONNREFUSED' };
    expect(decide(error, 2, schedule, MAX)).toMatchObject({ delayMs: 300_000 });
    expect(decide(error, 7, schedule, MAX)).toMatchObject({ delayMs: 36e6 });
    expect(decide(error, 8, schedule, MAX)).toEqual({ status: 'DEAD', disableEndpoint: false });
  });

  it('honours Retry-After within bounds', () => {
    const busy = (retryAfter: string) => ({ kind: 'response' as const, status: 429, retryAfter });
    expect(decide(busy('30'), 1, schedule, MAX)).toMatchObject({ delayMs: 30_000 });
    expect(decide(busy('0'), 1, schedule, MAX)).toMatchObject({ delayMs: 1000 });
    expect(decide(busy('999999'), 1, schedule, MAX)).toMatchObject({ delayMs: MAX });
  });

  it('disables the endpoint on 410 Gone', () => {
    expect(decide({ kind: 'response', status: 410 }, 1, schedule, MAX)).toMatchObject({
      status: 'FAILED',
      disableEndpoint: true,
    });
  });
});

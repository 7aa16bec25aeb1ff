import { decideHl7 } from './hl7-retry';

describe('ORU^R01 retry decisions', () => {
  const schedule = [5000, 30_000];

  it('completes on AA or CA', () => {
    expect(decideHl7({ kind: 'ack', code: 'AA', text: '' }, 1, schedule)).toEqual({
      status: 'DELIVERED',
      ackCode: 'AA',
    });
    expect(decideHl7({ kind: 'ack', code: 'CA', text: '' }, 3, schedule).status).toBe('DELIVERED');
  });

  it('retries AE, AR and connection errors on the schedule, then gives up', () => {
    expect(decideHl7({ kind: 'ack', code: 'AE', text: 'unknown order' }, 1, schedule)).toEqual({
      status: 'FAILED',
      delayMs: 5000,
      error: 'ACK AE: unknown order',
      ackCode: 'AE',
    });
    expect(decideHl7({ kind: 'error', error: 'ECONNREFUSED' }, 2, schedule)).toMatchObject({
      status: 'FAILED',
      delayMs: 30_000,
    });
    expect(decideHl7({ kind: 'ack', code: 'AR', text: '' }, 3, schedule).status).toBe('DEAD');
    expect(decideHl7({ kind: 'error', error: 'render: gone' }, 1, schedule, true).status).toBe(
      'DEAD',
    );
  });
});

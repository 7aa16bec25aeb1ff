import { REFERRAL_STATUSES } from '@app/shared';
import {
  CLOSING_STATUSES,
  FHIR_TASK_STATUS,
  judge,
  RESERVATION_ON,
  RULES,
  STAMPED_AT,
} from './lifecycle';

describe('referral lifecycle rules (R6)', () => {
  it('lets the receiver accept a submitted referral, and nobody else', () => {
    expect(judge('accept', 'receiver', 'SUBMITTED')).toEqual({ ok: true });
    expect(judge('accept', 'sender', 'SUBMITTED')).toMatchObject({ ok: false, why: 'wrong_party' });
    expect(judge('accept', 'none', 'SUBMITTED')).toMatchObject({ ok: false, why: 'wrong_party' });
  });

  it('refuses a transition from the wrong status', () => {
    expect(judge('complete', 'receiver', 'ACCEPTED')).toMatchObject({
      ok: false,
      why: 'wrong_status',
    });
    expect(judge('cancel', 'sender', 'COMPLETED')).toMatchObject({
      ok: false,
      why: 'wrong_status',
    });
  });

  it('lets the sender cancel before arrival only', () => {
    expect(judge('cancel', 'sender', 'SUBMITTED').ok).toBe(true);
    expect(judge('cancel', 'sender', 'ACCEPTED').ok).toBe(true);
    expect(judge('cancel', 'sender', 'ARRIVED').ok).toBe(false);
  });

  it('maps every status onto a FHIR Task status', () => {
    const fhir = [
      'requested',
      'accepted',
      'rejected',
      'in-progress',
      'completed',
      'cancelled',
      'failed',
    ];
    for (const s of REFERRAL_STATUSES) expect(fhir).toContain(FHIR_TASK_STATUS[s]);
  });

  it('never moves out of a final status', () => {
    const finals = ['REJECTED', 'REDIRECTED', 'COMPLETED', 'CANCELLED', 'EXPIRED', 'NO_SHOW'];
    for (const rule of Object.values(RULES))
      for (const f of finals) expect(rule.from).not.toContain(f);
  });

  it('closes a referral exactly where it can go no further', () => {
    const reachable = Object.values(RULES).flatMap((r) => (r.to ? [r.to] : []));
    const leavable = new Set(Object.values(RULES).flatMap((r) => r.from));
    for (const s of reachable) expect(CLOSING_STATUSES.includes(s)).toBe(!leavable.has(s));
  });

  it('stamps acceptance, arrival and completion, and nothing else', () => {
    expect(STAMPED_AT).toEqual({
      ACCEPTED: 'accepted_at',
      ARRIVED: 'arrived_at',
      COMPLETED: 'completed_at',
    });
  });

  it('gives a closed referral its place back, except a completed visit', () => {
    for (const s of CLOSING_STATUSES)
      expect(RESERVATION_ON[s]).toBe(s === 'COMPLETED' ? 'finish' : 'release');
  });
});

import { REFERRAL_STATUSES } from '@app/shared';
import { FHIR_TASK_STATUS, judge, RULES } from './lifecycle';

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
});

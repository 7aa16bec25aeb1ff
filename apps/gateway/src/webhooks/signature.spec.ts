import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, signatureOf, webhookHeaders } from './signature';

/** Our signing, checked by the reference implementation of Standard Webhooks. */
describe('Standard Webhooks signatures', () => {
  const body = JSON.stringify({
    type: 'referral.accepted',
    data: { referralId: 'x', 中文: '转诊' },
  });

  it('verifies with standardwebhooks for a fresh secret', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const headers = webhookHeaders([secret], 'msg_1', body);
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({ type: 'referral.accepted' });
  });

  it('signs exactly as the reference does', () => {
    const secret = newWebhookSecret();
    const at = new Date('2026-11-15T08:00:00Z');
    expect(signatureOf(secret, 'msg_2', at.getTime() / 1000, body)).toBe(
      new Webhook(secret).sign('msg_2', at, body),
    );
  });

  it('sends one signature per active secret during a rotation, each verifiable', () => {
    const [next, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = webhookHeaders([next, previous], 'msg_3', body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [next, previous])
      expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('is refused for a changed body, id or a stale timestamp', () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders([secret], 'msg_4', body);
    const hook = new Webhook(secret);
    expect(() => hook.verify(`${body} `, headers)).toThrow();
    expect(() => hook.verify(body, { ...headers, 'webhook-id': 'msg_5' })).toThrow();
    const old = webhookHeaders([secret], 'msg_4', body, new Date(Date.now() - 3600_000));
    expect(() => hook.verify(body, old)).toThrow();
  });
});

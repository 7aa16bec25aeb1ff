import { randomUUID } from 'node:crypto';
import type { Actor, EventEnvelope } from '@app/shared';
import { addressedTo } from './audience';
import { beijingTime, draftFor, NoticeLookup } from './notice-rules';

const [community, township, lead, center] = [
  randomUUID(),
  randomUUID(),
  randomUUID(),
  randomUUID(),
];
const lookup: NoticeLookup = {
  institutionName: async (id) => (id === township ? '屏锦中心卫生院' : undefined),
  referralParties: async () => undefined,
};
const event = (type: string, payload: object): EventEnvelope => ({
  id: randomUUID(),
  type,
  occurredAt: new Date().toISOString(),
  aggregateType: 'x',
  aggregateId: randomUUID(),
  communityId: community,
  correlationId: null,
  payload,
});
const referral = {
  referralId: randomUUID(),
  direction: 'UP',
  fromInstitutionId: township,
  toInstitutionId: lead,
  patientId: randomUUID(),
  status: 'ACCEPTED',
  actorId: null,
  reason: null,
};
const user = (over: Partial<Actor>): Actor => ({
  kind: 'user',
  id: randomUUID(),
  name: 'x',
  institutionId: lead,
  communityId: community,
  roles: ['clinician'],
  scopes: [],
  centerIds: [],
  ...over,
});

describe('notice rules', () => {
  it('makes a green-channel arrival CRITICAL for the receiving coordinators and clinicians', async () => {
    const draft = await draftFor(
      event('referral.green_channel', {
        ...referral,
        greenChannel: 'STROKE',
        bedId: null,
        bedNumber: null,
      }),
      lookup,
    );
    expect(draft).toMatchObject({
      urgency: 'CRITICAL',
      title: '绿色通道：卒中患者即将到达',
      resource: { type: 'referral', id: referral.referralId },
      link: `/referrals/${referral.referralId}`,
    });
    expect(draft!.body).toContain('屏锦中心卫生院');
    expect(draft!.body).toContain('尚未预留床位');
    const notice = { communityId: community, audiences: draft!.audiences };
    expect(addressedTo(user({ roles: ['referral_coordinator'] }), notice)).toBe(true);
    expect(addressedTo(user({ institutionId: township }), notice)).toBe(false);
    expect(addressedTo(user({ communityId: randomUUID() }), notice)).toBe(false);
    expect(addressedTo(user({ kind: 'api_client', roles: [] }), notice)).toBe(false);
  });

  it('tells the community admins of an escalated critical finding, wherever they work', async () => {
    const draft = await draftFor(
      event('critical.escalated', {
        studyId: randomUUID(),
        institutionId: township,
        findingId: randomUUID(),
        minutesOpen: 31,
      }),
      lookup,
    );
    const notice = { communityId: community, audiences: draft!.audiences };
    expect(addressedTo(user({ roles: ['community_admin'] }), notice)).toBe(true);
    expect(addressedTo(user({ institutionId: township }), notice)).toBe(true);
    expect(addressedTo(user({}), notice)).toBe(false); // a clinician elsewhere
  });

  it('sends a late reading to the readers of its center only', async () => {
    const draft = await draftFor(
      event('turnaround.breached', {
        studyId: randomUUID(),
        centerId: center,
        priority: 'ROUTINE',
        dueAt: '2027-03-01T02:00:00Z',
        newPriority: 'URGENT',
      }),
      lookup,
    );
    expect(draft!.body).toContain('03-01 10:00');
    const notice = { communityId: community, audiences: draft!.audiences };
    expect(addressedTo(user({ roles: ['reader'], centerIds: [center] }), notice)).toBe(true);
    expect(addressedTo(user({ roles: ['reader'], centerIds: [randomUUID()] }), notice)).toBe(false);
  });

  it('makes no notice for other types, unreadable payloads, or studies naming no institution', async () => {
    expect(await draftFor(event('referral.accepted', referral), lookup)).toBeUndefined();
    expect(await draftFor(event('critical.raised', { studyId: 'x' }), lookup)).toBeUndefined();
    expect(
      await draftFor(event('study.returned', { studyId: randomUUID(), reason: 'r' }), lookup),
    ).toBeUndefined();
  });

  it('sends an overdue follow-up of an unknown referral to the community admins', async () => {
    const draft = await draftFor(
      event('follow_up.overdue', {
        followUpId: randomUUID(),
        referralId: randomUUID(),
        dueAt: new Date().toISOString(),
      }),
      lookup,
    );
    expect(draft!.audiences).toEqual([{ role: 'community_admin' }]);
  });

  it('writes times in Beijing time', () => {
    expect(beijingTime('2027-01-31T16:30:00Z')).toBe('02-01 00:30');
  });
});

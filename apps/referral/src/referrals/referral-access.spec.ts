import { Actor, AppError } from '@app/shared';
import { assertCareActor, partyOf } from './referral-access';
import { ReferralRow } from './referral.queries';

const SENDER = '00000000-0000-4000-8000-00000000000a';
const RECEIVER = '00000000-0000-4000-8000-00000000000b';

function actor(over: Partial<Actor> = {}): Actor {
  return {
    kind: 'user',
    id: '00000000-0000-4000-8000-000000000001',
    name: '张医生',
    institutionId: SENDER,
    communityId: '00000000-0000-4000-8000-0000000000c1',
    roles: ['clinician'],
    scopes: [],
    centerIds: [],
    ...over,
  };
}

const forbidden = expect.objectContaining({ code: 'FORBIDDEN' }) as AppError;

describe('who may touch referrals', () => {
  it('lets clinicians and coordinators read and write', () => {
    for (const roles of [['clinician'], ['referral_coordinator']] as Actor['roles'][]) {
      expect(() => assertCareActor(actor({ roles }), true)).not.toThrow();
      expect(() => assertCareActor(actor({ roles }), false)).not.toThrow();
    }
  });

  it('lets a community admin read only', () => {
    const admin = actor({ roles: ['community_admin'] });
    expect(() => assertCareActor(admin, false)).not.toThrow();
    expect(() => assertCareActor(admin, true)).toThrow(forbidden);
  });

  it('refuses readers', () => {
    expect(() => assertCareActor(actor({ roles: ['reader'] }), false)).toThrow(forbidden);
  });

  it('lets an API client in with the REST or the FHIR scope for what it does', () => {
    const client = (scopes: string[]) => actor({ kind: 'api_client', roles: [], scopes });
    expect(() => assertCareActor(client(['referrals:write']), true)).not.toThrow();
    expect(() => assertCareActor(client(['fhir:write']), true)).not.toThrow();
    expect(() => assertCareActor(client(['fhir:read']), false)).not.toThrow();
    expect(() => assertCareActor(client(['referrals:read']), true)).toThrow(
      'API client lacks the referral scope (referrals:write or fhir:write)',
    );
    // A client's roles do not stand in for its scopes.
    const withRole = actor({ kind: 'api_client', roles: ['clinician'], scopes: [] });
    expect(() => assertCareActor(withRole, false)).toThrow(forbidden);
  });
});

describe('partyOf', () => {
  const row = { from_institution_id: SENDER, to_institution_id: RECEIVER } as ReferralRow;

  it('tells the sender, the receiver and anyone else apart', () => {
    expect(partyOf(actor({ institutionId: SENDER }), row)).toBe('sender');
    expect(partyOf(actor({ institutionId: RECEIVER }), row)).toBe('receiver');
    expect(partyOf(actor({ institutionId: '00000000-0000-4000-8000-00000000000f' }), row)).toBe(
      'none',
    );
  });
});

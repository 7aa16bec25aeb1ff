import { Actor } from '@app/shared';
import { INBOX_ORDER, listFilter, ListReferralsQuery } from './referral.queries';

const actor = (over: Partial<Actor> = {}): Actor => ({
  kind: 'user',
  id: '00000000-0000-4000-8000-000000000001',
  name: '王协调员',
  institutionId: '00000000-0000-4000-8000-00000000000a',
  communityId: '00000000-0000-4000-8000-0000000000c1',
  roles: ['referral_coordinator'],
  scopes: [],
  centerIds: [],
  ...over,
});
const query = (over: Partial<ListReferralsQuery> = {}) =>
  ({ role: 'any', limit: 50, offset: 0, ...over }) as ListReferralsQuery;

describe('the referral list filter', () => {
  it("confines a coordinator to their institution's side", () => {
    const sent = listFilter(actor(), query({ role: 'sent' }));
    expect(sent.where).toContain('($5::boolean OR from_institution_id = $2)');
    expect(listFilter(actor(), query({ role: 'received' })).where).toContain(
      '($5::boolean OR to_institution_id = $2)',
    );
    expect(sent.args.slice(0, 2)).toEqual([actor().communityId, actor().institutionId]);
    expect(sent.args[4]).toBe(false);
  });

  it('lets a community admin user see the whole community, but not an admin API client', () => {
    const admin = actor({ roles: ['community_admin'] });
    expect(listFilter(admin, query()).args[4]).toBe(true);
    expect(listFilter({ ...admin, kind: 'api_client' }, query()).args[4]).toBe(false);
  });

  it('passes every filter, null when not asked, so each parameter has a type', () => {
    const { args } = listFilter(
      actor(),
      query({ status: 'ACCEPTED', statuses: ['SUBMITTED', 'ACCEPTED'], updatedTo: '2027-01-01' }),
    );
    expect(args).toHaveLength(10);
    expect(args.slice(2)).toEqual([
      'ACCEPTED',
      null,
      false,
      ['SUBMITTED', 'ACCEPTED'],
      null,
      null,
      null,
      '2027-01-01',
    ]);
  });

  it('puts what awaits an answer first in the inbox, then green channels, then 签约 residents', () => {
    expect(INBOX_ORDER.split(',').map((s) => s.trim())).toEqual([
      "(status = 'SUBMITTED') DESC",
      '(green_channel IS NOT NULL) DESC',
      'family_doctor_signed DESC',
      '',
    ]);
  });
});

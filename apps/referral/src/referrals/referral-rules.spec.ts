import { Actor, ReferralPolicy } from '@app/shared';
import type { InstitutionRow } from '../directory/directory.repository';
import type { ReferralRow } from './referral.queries';
import {
  assertRouteAllowed,
  continuationProblems,
  holdMinutesFor,
  isWrongLevelForRedirect,
  needsSecuredPlace,
} from './referral-rules';

const institution = (id: string, level: number): InstitutionRow => ({
  id,
  community_id: 'c',
  name: `机构${id}`,
  type: 'x',
  level,
});
const township = institution('a', 1);
const county = institution('b', 3);

describe('where a referral may go', () => {
  it('goes up to a higher level and down to a lower one', () => {
    expect(() => assertRouteAllowed({ direction: 'UP' }, township, county)).not.toThrow();
    expect(() => assertRouteAllowed({ direction: 'DOWN' }, county, township)).not.toThrow();
  });

  it('refuses the wrong level, naming the institution', () => {
    expect(() => assertRouteAllowed({ direction: 'UP' }, county, township)).toThrow(
      'toInstitutionId: an up-referral goes to a higher-level institution (机构a is not)',
    );
    expect(() => assertRouteAllowed({ direction: 'DOWN' }, township, county)).toThrow(
      'toInstitutionId: a down-referral goes to a lower-level institution (机构b is not)',
    );
  });

  it('refuses referring to oneself before judging levels', () => {
    expect(() => assertRouteAllowed({ direction: 'UP' }, county, county)).toThrow(
      'toInstitutionId: an institution cannot refer to itself',
    );
  });

  it('keeps the green channel for up-referrals', () => {
    const green = { direction: 'UP' as const, greenChannel: 'STROKE' as const };
    expect(() => assertRouteAllowed(green, township, county)).not.toThrow();
    expect(() => assertRouteAllowed({ ...green, direction: 'DOWN' }, county, township)).toThrow(
      'greenChannel: the green channel is for up-referrals',
    );
  });
});

describe('continuing a completed up-referral (R8)', () => {
  const original = {
    id: 'r1',
    direction: 'UP',
    status: 'COMPLETED',
    from_institution_id: 'a',
    to_institution_id: 'b',
    patient_id: 'p',
  } as ReferralRow;
  const receiver = { institutionId: 'b' } as Actor;
  const back = { direction: 'DOWN' as const, toInstitutionId: 'a', patientId: 'p' };

  it('is allowed back to the sender, by the receiver, for the same patient', () => {
    expect(continuationProblems(original, receiver, back)).toEqual([]);
  });

  it('lists every problem, in order', () => {
    expect(
      continuationProblems({ ...original, status: 'ACCEPTED' }, { institutionId: 'x' } as Actor, {
        direction: 'UP',
        toInstitutionId: 'z',
        patientId: 'q',
      }),
    ).toEqual([
      'it is ACCEPTED, not COMPLETED',
      'your institution did not receive it',
      'a continuation is a down-referral',
      'a continuation goes back to the institution that sent the patient',
      'it is for another patient',
    ]);
    expect(continuationProblems({ ...original, direction: 'DOWN' }, receiver, back)).toEqual([
      'it is not an up-referral',
    ]);
  });
});

const now = Date.parse('2026-12-01T08:00:00Z');
const policy = (over: Partial<ReferralPolicy>) => ({ holdMinutes: 30, ...over }) as ReferralPolicy;
const dueIn = (minutes: number) => ({ respond_by: new Date(now + minutes * 60_000) });

describe('how long a hold lasts', () => {
  it("is the policy's hold time unless holds last until the answer is due", () => {
    expect(holdMinutesFor(policy({ holdUntilResponseDue: false }), dueIn(240), now)).toBe(30);
  });

  it("lasts until the receiver's answer is due, when the policy says so", () => {
    expect(holdMinutesFor(policy({ holdUntilResponseDue: true }), dueIn(240), now)).toBe(240);
  });

  it('never lasts less than the hold time, even when the answer is due sooner', () => {
    expect(holdMinutesFor(policy({ holdUntilResponseDue: true }), dueIn(5), now)).toBe(30);
    expect(holdMinutesFor(policy({ holdUntilResponseDue: true }), dueIn(-60), now)).toBe(30);
  });
});

describe('accepting without a held place (seed 001)', () => {
  const up = { direction: 'UP' as const, urgency: 'ROUTINE', green_channel: null };

  it('needs one for a routine or urgent up-referral', () => {
    expect(needsSecuredPlace(up)).toBe(true);
    expect(needsSecuredPlace({ ...up, urgency: 'URGENT' })).toBe(true);
  });

  it('needs none going down, in an emergency or on the green channel', () => {
    expect(needsSecuredPlace({ ...up, direction: 'DOWN' })).toBe(false);
    expect(needsSecuredPlace({ ...up, urgency: 'EMERGENCY' })).toBe(false);
    expect(needsSecuredPlace({ ...up, green_channel: 'STROKE' })).toBe(false);
  });
});

describe('redirect level (seed 001 四（二）)', () => {
  const sender = { level: 2 };

  it('keeps an up-referral above the sender', () => {
    expect(isWrongLevelForRedirect('UP', { level: 3 }, sender)).toBe(false);
    expect(isWrongLevelForRedirect('UP', { level: 2 }, sender)).toBe(true);
    expect(isWrongLevelForRedirect('UP', { level: 1 }, sender)).toBe(true);
  });

  it('keeps a down-referral below the sender', () => {
    expect(isWrongLevelForRedirect('DOWN', { level: 1 }, sender)).toBe(false);
    expect(isWrongLevelForRedirect('DOWN', { level: 2 }, sender)).toBe(true);
    expect(isWrongLevelForRedirect('DOWN', { level: 3 }, sender)).toBe(true);
  });
});

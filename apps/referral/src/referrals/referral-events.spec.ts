import { EntityManager } from 'typeorm';
import { eventSchemas, REFERRAL_STATUSES } from '@app/shared';
import { EVENT_ON_STATUS, recordTransition } from './referral-events';
import { ReferralRow } from './referral.queries';

// The real module re-exports Nest's tokens, and Nest 12 is ES modules only, which Jest's
// CommonJS runtime cannot load; the schema name is all this file needs.
jest.mock('../common/tokens', () => ({ REFERRAL_SCHEMA: 'referral' }));

const row = {
  id: '00000000-0000-4000-8000-000000000001',
  community_id: '00000000-0000-4000-8000-0000000000c1',
  direction: 'UP',
  status: 'SUBMITTED',
  from_institution_id: '00000000-0000-4000-8000-00000000000a',
  to_institution_id: '00000000-0000-4000-8000-00000000000b',
  patient_id: '00000000-0000-4000-8000-00000000000c',
  redirected_to_referral_id: null,
} as ReferralRow;

/** A manager inside a transaction that remembers what it was asked. */
function recordingManager() {
  const calls: { sql: string; args: unknown[] }[] = [];
  const m = {
    queryRunner: { isTransactionActive: true, data: {} }, // as TypeORM's QueryRunner has them
    query: async (sql: string, args: unknown[] = []) => {
      calls.push({ sql, args });
      return [];
    },
  } as unknown as EntityManager;
  return { m, calls };
}

/** The outbox rows written, as [type, payload]. */
function outboxOf(calls: { sql: string; args: unknown[] }[]) {
  return calls
    .filter((c) => c.sql.includes('.outbox'))
    .map((c) => [c.args[1], JSON.parse(c.args[6] as string)]);
}

describe('referral events', () => {
  it('announces every status with a known event', () => {
    for (const status of REFERRAL_STATUSES)
      expect(Object.keys(eventSchemas)).toContain(EVENT_ON_STATUS[status]);
  });

  it('writes the audit row and the event of the new status', async () => {
    const { m, calls } = recordingManager();
    const actor = {
      kind: 'user' as const,
      id: '00000000-0000-4000-8000-0000000000d1',
      name: '李协调员',
      institutionId: row.to_institution_id,
      communityId: row.community_id,
      roles: ['referral_coordinator' as const],
      scopes: [],
      centerIds: [],
    };
    await recordTransition(m, row, 'SUBMITTED', 'REJECTED', actor, '建议先完善检查');
    expect(calls[0].sql).toContain('INSERT INTO referral.transitions');
    expect(calls[0].args).toEqual([
      row.id,
      'SUBMITTED',
      'REJECTED',
      actor.id,
      '李协调员',
      row.to_institution_id,
      '建议先完善检查',
    ]);
    expect(outboxOf(calls)).toEqual([
      [
        'referral.rejected',
        {
          referralId: row.id,
          direction: 'UP',
          fromInstitutionId: row.from_institution_id,
          toInstitutionId: row.to_institution_id,
          patientId: row.patient_id,
          status: 'REJECTED',
          actorId: actor.id,
          reason: '建议先完善检查',
        },
      ],
    ]);
  });

  it("records the system when no one acted, and a redirect's new referral", async () => {
    const { m, calls } = recordingManager();
    const newReferralId = '00000000-0000-4000-8000-000000000002';
    await recordTransition(
      m,
      { ...row, redirected_to_referral_id: newReferralId },
      'SUBMITTED',
      'REDIRECTED',
      null,
      null,
    );
    expect(calls[0].args.slice(3, 6)).toEqual([null, 'system', null]);
    const [[type, payload]] = outboxOf(calls);
    expect(type).toBe('referral.redirected');
    expect(payload).toMatchObject({ status: 'REDIRECTED', actorId: null, newReferralId });
  });
});

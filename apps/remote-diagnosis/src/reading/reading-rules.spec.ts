import { Actor, AppError, ErrorCode } from '@app/shared';
import { assertCenterReader, assertLease, assertMayClaim } from './reading-rules';
import type { StudyRow } from './study.queries';

const CENTER = '00000000-0000-4000-8000-0000000000c1';
const OTHER_CENTER = '00000000-0000-4000-8000-0000000000c2';
const NOW = Date.parse('2026-03-01T08:00:00Z');

const actor = (over: Partial<Actor> = {}): Actor => ({
  kind: 'user',
  id: '00000000-0000-4000-8000-00000000000a',
  name: '李医生',
  institutionId: '00000000-0000-4000-8000-0000000000e1',
  communityId: '00000000-0000-4000-8000-0000000000f1',
  roles: ['reader'],
  scopes: [],
  centerIds: [CENTER],
  ...over,
});

const study = (over: Partial<StudyRow> = {}): StudyRow =>
  ({
    id: '00000000-0000-4000-8000-000000000051',
    status: 'IN_PROGRESS',
    center_id: CENTER,
    lease_owner: actor().id,
    lease_expires_at: new Date(NOW + 60_000),
    ...over,
  }) as StudyRow;

/** The error a rule throws, to compare its code (and so the HTTP status it becomes). */
function codeOf(check: () => void): string | undefined {
  try {
    check();
  } catch (error) {
    return (error as AppError).code;
  }
  return undefined;
}

describe('assertMayClaim', () => {
  it('lets readers and senior readers claim, and no one else', () => {
    expect(codeOf(() => assertMayClaim(actor()))).toBeUndefined();
    expect(codeOf(() => assertMayClaim(actor({ roles: ['senior_reader'] })))).toBeUndefined();
    expect(codeOf(() => assertMayClaim(actor({ roles: ['clinician'] })))).toBe(ErrorCode.FORBIDDEN);
  });
});

describe('assertLease', () => {
  it('passes the lease owner of a study being read, while the lease runs', () => {
    expect(codeOf(() => assertLease(actor(), study(), NOW))).toBeUndefined();
  });

  it('refuses a study not being read, another reader, a lost center and an expired lease', () => {
    expect(codeOf(() => assertLease(actor(), study({ status: 'QUEUED' }), NOW))).toBe(
      ErrorCode.INVALID_TRANSITION,
    );
    expect(codeOf(() => assertLease(actor(), study({ lease_owner: CENTER }), NOW))).toBe(
      ErrorCode.FORBIDDEN,
    );
    expect(codeOf(() => assertLease(actor({ centerIds: [OTHER_CENTER] }), study(), NOW))).toBe(
      ErrorCode.FORBIDDEN,
    );
    expect(
      codeOf(() => assertLease(actor(), study({ lease_expires_at: new Date(NOW) }), NOW)),
    ).toBe(ErrorCode.CONFLICT);
  });
});

describe('assertCenterReader', () => {
  it('hides the study from readers of other centers, and asks a senior reader to approve', () => {
    const row = study({ status: 'PRELIMINARY' });
    expect(codeOf(() => assertCenterReader(actor({ centerIds: [] }), row, false))).toBe(
      ErrorCode.NOT_FOUND,
    );
    expect(codeOf(() => assertCenterReader(actor(), row, false))).toBeUndefined();
    expect(codeOf(() => assertCenterReader(actor(), row, true))).toBe(ErrorCode.FORBIDDEN);
    expect(
      codeOf(() => assertCenterReader(actor({ roles: ['reader', 'senior_reader'] }), row, true)),
    ).toBeUndefined();
  });
});

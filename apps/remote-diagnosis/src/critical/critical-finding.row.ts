import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { Actor, AppError, criticalFindingSchema, rowsOf } from '@app/shared';

/** A row of diagnosis.critical_findings as PostgreSQL returns it. */
export interface FindingRow {
  id: string;
  study_id: string;
  community_id: string;
  institution_id: string;
  description: string;
  raised_by_name: string;
  raised_at: Date;
  ack_deadline: Date;
  ack_by_name: string | null;
  ack_at: Date | null;
  escalated_at: Date | null;
  referral_id: string | null;
}

export type CriticalFinding = z.infer<typeof criticalFindingSchema>;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function findingView(f: FindingRow): CriticalFinding {
  return {
    id: f.id,
    studyId: f.study_id,
    institutionId: f.institution_id,
    description: f.description,
    raisedByName: f.raised_by_name,
    raisedAt: iso(f.raised_at)!,
    ackDeadline: iso(f.ack_deadline)!,
    acknowledgedByName: f.ack_by_name,
    acknowledgedAt: iso(f.ack_at),
    escalatedAt: iso(f.escalated_at),
    referralId: f.referral_id,
  };
}

/**
 * The finding, if the actor's clinic submitted its study (D6: the submitting clinic answers
 * for it); `lock` inside a transaction. Anyone else is told it does not exist.
 */
export async function findingOfClinic(
  m: EntityManager,
  actor: Actor,
  id: string,
  lock = false,
): Promise<FindingRow> {
  const [f] = await rowsOf<FindingRow>(
    m,
    `SELECT * FROM diagnosis.critical_findings WHERE id = $1 AND community_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
    [id, actor.communityId],
  );
  if (!f || f.institution_id !== actor.institutionId) throw AppError.notFound('Critical finding');
  return f;
}

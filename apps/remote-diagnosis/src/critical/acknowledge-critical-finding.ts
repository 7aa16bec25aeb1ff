import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, ErrorCode, hasRole, rowsOf, writeOutbox } from '@app/shared';
import { DIAGNOSIS_SCHEMA } from '../migrations';
import { CriticalFinding, findingOfClinic, findingView, FindingRow } from './critical-finding.row';

/**
 * D6: a named clinician of the submitting clinic acknowledges the finding; the first
 * acknowledgement stands (an API client cannot take this responsibility).
 */
@Injectable()
export class AcknowledgeCriticalFinding {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, id: string, note?: string): Promise<CriticalFinding> {
    if (!hasRole(actor, 'clinician') || actor.kind !== 'user')
      throw AppError.forbidden('A named clinician acknowledges a critical finding');
    return this.ds.transaction(async (m) => {
      const f = await findingOfClinic(m, actor, id, true);
      if (f.ack_at)
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          `Already acknowledged by ${f.ack_by_name}`,
        );
      const [updated] = await rowsOf<FindingRow>(
        m,
        `UPDATE diagnosis.critical_findings SET ack_by = $2, ack_by_name = $3, ack_at = now(), ack_note = $4 WHERE id = $1 RETURNING *`,
        [id, actor.id, actor.name, note ?? null],
      );
      await writeOutbox(m, DIAGNOSIS_SCHEMA, {
        type: 'critical.acknowledged',
        aggregateType: 'study',
        aggregateId: f.study_id,
        communityId: f.community_id,
        payload: {
          studyId: f.study_id,
          institutionId: f.institution_id,
          findingId: id,
          clinicianId: actor.id,
          clinicianName: actor.name,
        },
      });
      return findingView(updated);
    });
  }
}

import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, AppError, ErrorCode, hasRole, readsFor, rowsOf, writeOutbox } from '@app/shared';
import { DIAGNOSIS_SCHEMA } from '../migrations';
import { CriticalFinding, findingView, FindingRow } from './critical-finding.row';

interface FlaggedStudy {
  id: string;
  community_id: string;
  institution_id: string;
  status: string;
  center_id: string | null;
  /** The center's acknowledgement target (30 minutes unless it set its own). */
  minutes: number;
}

/**
 * D6: a reader of the study's center flags a critical finding (危急值) while reading or after;
 * the submitting clinic is told at once (event) and must acknowledge before the deadline.
 */
@Injectable()
export class RaiseCriticalFinding {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, studyId: string, description: string): Promise<CriticalFinding> {
    if (!hasRole(actor, 'reader', 'senior_reader'))
      throw AppError.forbidden('Only readers flag critical findings');
    return this.ds.transaction(async (m) => {
      const [study] = await rowsOf<FlaggedStudy>(
        m,
        `SELECT s.id, s.community_id, s.institution_id, s.status, s.center_id, coalesce(cs.critical_ack_minutes, 30)::float AS minutes
           FROM diagnosis.studies s LEFT JOIN diagnosis.center_settings cs ON cs.center_id = s.center_id
          WHERE s.id = $1 AND s.community_id = $2 FOR UPDATE OF s`,
        [studyId, actor.communityId],
      );
      if (!study || !readsFor(actor, study.center_id)) throw AppError.notFound('Study');
      if (!['IN_PROGRESS', 'PRELIMINARY', 'FINAL'].includes(study.status)) {
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          `A critical finding is flagged while reading or after (the study is ${study.status})`,
        );
      }
      const [f] = await rowsOf<FindingRow>(
        m,
        `INSERT INTO diagnosis.critical_findings (id, study_id, community_id, institution_id, description, raised_by, raised_by_name, ack_deadline)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8::float8 * 60)) RETURNING *`,
        [
          randomUUID(),
          studyId,
          study.community_id,
          study.institution_id,
          description,
          actor.id,
          actor.name,
          study.minutes,
        ],
      );
      await writeOutbox(m, DIAGNOSIS_SCHEMA, {
        type: 'critical.raised',
        aggregateType: 'study',
        aggregateId: studyId,
        communityId: study.community_id,
        payload: {
          studyId,
          findingId: f.id,
          institutionId: study.institution_id,
          ackDeadline: new Date(f.ack_deadline).toISOString(),
        },
      });
      return findingView(f);
    });
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, readsFor, rowsOf, StudyDetail } from '@app/shared';
import { assertMayClaim } from '../reading-rules';
import { loadStudy, StudyRow, writeStudyEvent } from '../study.queries';

export interface ClaimNextQuery {
  centerId?: string;
  modality?: string;
}

/**
 * D4: the next study by priority (STAT, urgent, routine), then age, at one of the reader's
 * centers; SKIP LOCKED keeps readers who ask at the same moment apart.
 */
@Injectable()
export class ClaimNextStudy {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, q: ClaimNextQuery): Promise<{ study: StudyDetail | null }> {
    assertMayClaim(actor);
    if (q.centerId && !readsFor(actor, q.centerId))
      throw AppError.forbidden('You do not read for this reading center');
    if (actor.centerIds.length === 0)
      throw AppError.forbidden('You are not a reader of any reading center');
    return this.ds.transaction(async (m) => {
      const [row] = await rowsOf<StudyRow>(
        m,
        `UPDATE diagnosis.studies s SET status = 'IN_PROGRESS', lease_owner = $1, lease_owner_name = $2,
           lease_expires_at = now() + make_interval(secs => coalesce(cs.lease_minutes, 10)::float8 * 60)
          FROM (SELECT q.id, q.center_id FROM diagnosis.studies q
                  JOIN diagnosis.dir_departments d ON d.id = q.center_id
                 WHERE q.status = 'QUEUED' AND q.community_id = $3 AND d.institution_id = $4
                   AND q.center_id = ANY($7::uuid[])
                   AND ($5::uuid IS NULL OR q.center_id = $5) AND ($6::text IS NULL OR q.modality = $6)
                 -- priority_rank puts 签约 residents first within a priority (seed 001 四(六))
                 ORDER BY q.priority_rank, q.requested_at LIMIT 1 FOR UPDATE OF q SKIP LOCKED) next
          LEFT JOIN diagnosis.center_settings cs ON cs.center_id = next.center_id
         WHERE s.id = next.id RETURNING s.*`,
        [
          actor.id,
          actor.name,
          actor.communityId,
          actor.institutionId,
          q.centerId ?? null,
          q.modality ?? null,
          actor.centerIds,
        ],
      );
      if (!row) return { study: null };
      await writeStudyEvent(m, row, 'study.claimed', {
        studyId: row.id,
        centerId: row.center_id!,
        priority: row.priority!,
        readerId: actor.id,
      });
      return { study: await loadStudy(m, row, false) };
    });
  }
}

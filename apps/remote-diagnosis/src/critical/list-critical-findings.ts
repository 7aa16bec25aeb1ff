import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, hasRole, rowsOf } from '@app/shared';
import { CriticalFinding, findingView, FindingRow } from './critical-finding.row';

/** The clinic sees its own findings; readers those of the centers they read for. */
@Injectable()
export class ListCriticalFindings {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, open: boolean): Promise<{ items: CriticalFinding[] }> {
    const readerCenters = hasRole(actor, 'reader', 'senior_reader') ? actor.centerIds : [];
    const rows = await rowsOf<FindingRow>(
      this.ds.manager,
      `SELECT f.* FROM diagnosis.critical_findings f JOIN diagnosis.studies s ON s.id = f.study_id
        WHERE f.community_id = $1 AND (f.institution_id = $2 OR s.center_id = ANY($4::uuid[])) AND (NOT $3 OR f.ack_at IS NULL)
        ORDER BY f.raised_at DESC LIMIT 200`,
      [actor.communityId, actor.institutionId, open, readerCenters],
    );
    return { items: rows.map(findingView) };
  }
}

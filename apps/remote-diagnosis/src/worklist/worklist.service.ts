import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, hasRole, ParsedRequestOf, WorklistContracts as C } from '@app/shared';

type Query = ParsedRequestOf<typeof C.list>;

/**
 * D3: the claimable studies of the reader's centers (or one of them), in the order claim-next
 * takes them (priority, 签约 first within it, then age), with age and due time, so a reader
 * can see the queue before claiming rather than claiming blind.
 */
@Injectable()
export class WorklistService {
  constructor(private readonly ds: DataSource) {}

  async list(actor: Actor, q: Query) {
    if (!hasRole(actor, 'reader', 'senior_reader') || actor.centerIds.length === 0)
      throw AppError.forbidden('The worklist is for readers of a reading center');
    if (q.centerId && !actor.centerIds.includes(q.centerId))
      throw AppError.forbidden('You do not read for this reading center');
    const centers = q.centerId ? [q.centerId] : actor.centerIds;
    const where = `s.status = 'QUEUED' AND s.community_id = $1 AND s.center_id = ANY($2::uuid[])
      AND ($3::text IS NULL OR s.modality = $3) AND ($4::text IS NULL OR s.priority = $4)`;
    const args = [actor.communityId, centers, q.modality ?? null, q.priority ?? null];
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM diagnosis.studies s WHERE ${where}`,
      args,
    );
    const items = await this.ds.query(
      `SELECT s.id AS "studyId", s.center_id AS "centerId", s.institution_id AS "institutionId", s.modality,
              s.study_description AS "studyDescription", s.priority, s.family_doctor_signed AS "familyDoctorSigned",
              to_char(s.requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "requestedAt",
              floor(extract(epoch FROM now() - s.requested_at) / 60)::int AS "ageMinutes",
              to_char(s.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "dueAt",
              coalesce(s.due_at <= now(), false) AS overdue
         FROM diagnosis.studies s WHERE ${where}
        ORDER BY s.priority_rank, s.requested_at LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    return { items, total };
  }
}

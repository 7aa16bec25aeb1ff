import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DiagnosisContracts, hasRole, ParsedRequestOf, ResponseOf } from '@app/shared';

type ListQuery = ParsedRequestOf<typeof DiagnosisContracts.listStudies>;

@Injectable()
export class StudiesService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Clinics see their own studies; readers the studies sent to their centers (and their own
   * institution's), exactly what `get` lets them open; admins their community's.
   */
  async list(
    actor: Actor,
    q: ListQuery,
  ): Promise<ResponseOf<typeof DiagnosisContracts.listStudies>> {
    const admin = actor.kind === 'user' && hasRole(actor, 'community_admin');
    const centers = hasRole(actor, 'reader', 'senior_reader') ? actor.centerIds : [];
    const args = [actor.communityId, actor.institutionId, q.status ?? null, admin, centers];
    const where = `community_id = $1 AND ($4::boolean OR institution_id = $2 OR center_id = ANY($5::uuid[]))
      AND ($3::text IS NULL OR status = $3)`;
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM diagnosis.studies WHERE ${where}`,
      args,
    );
    const rows = await this.ds.query(
      `SELECT id, study_instance_uid AS "studyInstanceUid", modality, status, institution_id AS "institutionId",
              patient_id AS "patientId", received_at AS "receivedAt"
         FROM diagnosis.studies WHERE ${where} ORDER BY received_at DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    const items = rows.map((r: { receivedAt: Date }) => ({
      ...r,
      receivedAt: new Date(r.receivedAt).toISOString(),
    }));
    return { items, total, limit: q.limit, offset: q.offset };
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DiagnosisContracts, hasRole, ParsedRequestOf, ResponseOf } from '@app/shared';

type ListQuery = ParsedRequestOf<typeof DiagnosisContracts.listStudies>;

@Injectable()
export class StudiesService {
  constructor(private readonly ds: DataSource) {}

  /** Clinics see their own studies; readers and admins see their community's. */
  async list(
    actor: Actor,
    q: ListQuery,
  ): Promise<ResponseOf<typeof DiagnosisContracts.listStudies>> {
    const communityWide = hasRole(actor, 'reader', 'senior_reader', 'community_admin');
    const scope = communityWide
      ? { sql: 'community_id = $1', arg: actor.communityId }
      : { sql: 'institution_id = $1', arg: actor.institutionId };
    const args = [scope.arg, q.status ?? null];
    const where = `${scope.sql} AND ($2::text IS NULL OR status = $2)`;
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

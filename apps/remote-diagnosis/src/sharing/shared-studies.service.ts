import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  AppError,
  hasRole,
  ParsedRequestOf,
  ResultSharingContracts as C,
  SharedStudy,
} from '@app/shared';

/** The only process that may name other communities' patients: it owns the sharing policy. */
const GATEWAY = 'cmc-gateway';

/**
 * 检查结果互认 across a district: finished studies (a final report) of the patient records the
 * gateway matched by resident ID in communities that share. Work in progress is not a result.
 */
@Injectable()
export class SharedStudiesService {
  constructor(private readonly ds: DataSource) {}

  async find(
    actor: Actor,
    signer: string,
    q: ParsedRequestOf<typeof C.sharedStudies>,
  ): Promise<{ items: SharedStudy[] }> {
    if (signer !== GATEWAY)
      throw AppError.forbidden('Shared results are asked for by the gateway only');
    if (actor.kind !== 'user' || !hasRole(actor, 'clinician'))
      throw AppError.forbidden('Shared results are for clinicians');
    const rows = await this.ds.query(
      `SELECT s.id, s.community_id AS "communityId", s.institution_id AS "institutionId", s.modality,
              s.study_description AS "studyDescription", s.received_at AS "receivedAt",
              json_build_object('version', r.version, 'amended', r.amend_reason IS NOT NULL,
                'findings', r.findings, 'impression', r.impression,
                'issuedAt', coalesce(r.approved_at, r.signed_at)) AS report
         FROM diagnosis.studies s
         JOIN unnest($1::uuid[], $2::uuid[]) AS p(patient_id, community_id)
           ON p.patient_id = s.patient_id AND p.community_id = s.community_id
         JOIN diagnosis.report_versions r ON r.study_id = s.id AND r.status = 'FINAL'
        ORDER BY s.received_at DESC LIMIT 100`,
      [q.patients.map((p) => p.patientId), q.patients.map((p) => p.communityId)],
    );
    return {
      items: rows.map((r: SharedStudy) => ({
        ...r,
        receivedAt: new Date(r.receivedAt).toISOString(),
        report: { ...r.report, issuedAt: new Date(r.report.issuedAt).toISOString() },
      })),
    };
  }
}

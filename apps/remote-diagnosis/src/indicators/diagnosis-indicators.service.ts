import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, DiagnosisContracts, hasRole, ParsedRequestOf } from '@app/shared';
import {
  communityPopulation,
  districtOf,
  per10k,
  PRIMARY_EXAM_UPPER_DIAGNOSIS_TARGETS,
  remoteCounts,
} from './remote-diagnoses';
import { turnaround } from './turnaround';

type Query = ParsedRequestOf<typeof DiagnosisContracts.indicators>;

/**
 * I1 for remote diagnosis over the studies finalized in a period (docs/indicators.md):
 * seed 004 附件2 5(1) per 10,000 residents, for the community and for its whole district;
 * seed 004 附件1 6 "基层检查、上级诊断" patients with the seed's bands; turnaround by requested
 * priority; volumes per clinic and reader; critical findings.
 */
@Injectable()
export class DiagnosisIndicatorsService {
  constructor(private readonly ds: DataSource) {}

  async compute(actor: Actor, q: Query) {
    const admin = actor.kind === 'user' && hasRole(actor, 'community_admin');
    const institutionId = q.institutionId ?? (admin ? null : actor.institutionId);
    if (!admin && institutionId !== actor.institutionId)
      throw AppError.forbidden("Only a community admin sees another institution's indicators");
    if (institutionId) await this.assertInCommunity(actor, institutionId);
    const args = [actor.communityId, q.from, q.to, institutionId] as const;

    const counts = await remoteCounts(this.ds, [actor.communityId], q.from, q.to, institutionId);
    // The numerator follows the institution filter, so must the denominator: one institution
    // has no 常住人口 of its own in the directory, so its figure is the count without a rate.
    const population = institutionId ? null : await communityPopulation(this.ds, actor.communityId);
    const { perPriority, bumps } = await turnaround(this.ds, ...args);
    const byClinic = await this.ds.query(
      `SELECT i.id AS "institutionId", i.name,
              count(*) FILTER (WHERE st.requested_at >= $2 AND st.requested_at < $3)::int AS submitted,
              count(*) FILTER (WHERE st.finalized_at >= $2 AND st.finalized_at < $3)::int AS finalized
         FROM diagnosis.studies st JOIN diagnosis.dir_institutions i ON i.id = st.institution_id
        WHERE st.community_id = $1 AND ($4::uuid IS NULL OR st.institution_id = $4)
          AND ((st.requested_at >= $2 AND st.requested_at < $3) OR (st.finalized_at >= $2 AND st.finalized_at < $3))
        GROUP BY i.id, i.name ORDER BY submitted DESC, i.name`,
      args,
    );
    // A reader's volume: reports they signed (first signature of each version) in the period.
    const byReader = await this.ds.query(
      `SELECT r.author_id AS "readerId", max(r.author_name) AS name, count(DISTINCT r.study_id)::int AS signed
         FROM diagnosis.report_versions r
         JOIN diagnosis.studies st ON st.id = r.study_id
         JOIN diagnosis.dir_departments d ON d.id = st.center_id
        WHERE st.community_id = $1 AND r.signed_at >= $2 AND r.signed_at < $3
          AND ($4::uuid IS NULL OR d.institution_id = $4 OR st.institution_id = $4)
        GROUP BY r.author_id ORDER BY signed DESC, name`,
      args,
    );
    const [critical] = await this.ds.query(
      `SELECT count(*)::int AS raised,
              count(*) FILTER (WHERE ack_at IS NOT NULL AND ack_at <= ack_deadline)::int AS "acknowledgedInTime",
              count(*) FILTER (WHERE escalated_at IS NOT NULL)::int AS escalated
         FROM diagnosis.critical_findings
        WHERE community_id = $1 AND raised_at >= $2 AND raised_at < $3
          AND ($4::uuid IS NULL OR institution_id = $4)`,
      args,
    );
    return {
      period: { from: q.from, to: q.to },
      institutionId,
      population,
      remoteDiagnoses: counts.remote,
      remoteDiagnosesPer10kResidents: per10k(counts.remote, population),
      district: admin ? await this.district(actor, q) : null,
      primaryExamUpperDiagnosis: {
        patients: counts.patients,
        studiesWithoutPatient: counts.studiesWithoutPatient,
        targets: PRIMARY_EXAM_UPPER_DIAGNOSIS_TARGETS,
      },
      primaryExamUpperDiagnosisPatients: counts.patients,
      turnaroundMinutes: perPriority,
      priorityBumps: bumps,
      criticalFindings: critical,
      byClinic,
      byReader,
    };
  }

  /**
   * The district-wide figure: every community of the actor's district over the district's
   * 常住人口. Only a community admin of a community in that district sees it; it is an aggregate
   * (no other community's institutions or patients), and it ignores the institution filter.
   */
  private async district(actor: Actor, q: Query) {
    const d = await districtOf(this.ds, actor.communityId);
    if (!d) return null;
    const { remote } = await remoteCounts(this.ds, d.communityIds, q.from, q.to, null);
    return {
      districtId: d.id,
      code: d.code,
      name: d.name,
      remoteDiagnoses: remote,
      population: d.population,
      per10kResidents: per10k(remote, d.population),
    };
  }

  private async assertInCommunity(actor: Actor, institutionId: string): Promise<void> {
    const [row] = await this.ds.query(
      `SELECT 1 FROM diagnosis.dir_institutions WHERE id = $1 AND community_id = $2`,
      [institutionId, actor.communityId],
    );
    if (!row) throw AppError.notFound('Institution');
  }
}

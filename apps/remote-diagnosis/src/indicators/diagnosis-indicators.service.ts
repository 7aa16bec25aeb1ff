import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  AppError,
  DiagnosisContracts,
  hasRole,
  ParsedRequestOf,
  PRIORITIES,
} from '@app/shared';

type Query = ParsedRequestOf<typeof DiagnosisContracts.indicators>;

const round = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100);

/**
 * I1 for remote diagnosis over the reports finalized in a period. A remote diagnosis is a
 * study read at a center of another institution; seed 004 (考核指标 5(1)) counts it as
 * 诊断人次数 × 10000 / 常住人口数, and its indicator 6 counts "基层检查、上级诊断" patients,
 * i.e. distinct patients examined at a primary-care institution and read at a higher one.
 */
@Injectable()
export class DiagnosisIndicatorsService {
  constructor(private readonly ds: DataSource) {}

  async compute(actor: Actor, q: Query) {
    if (Date.parse(q.to) <= Date.parse(q.from))
      throw AppError.validation('to must be after from', [
        { path: 'to', message: 'not after from' },
      ]);
    const admin = actor.kind === 'user' && hasRole(actor, 'community_admin');
    const institutionId = q.institutionId ?? (admin ? null : actor.institutionId);
    if (!admin && institutionId !== actor.institutionId)
      throw AppError.forbidden("Only a community admin sees another institution's indicators");
    if (institutionId) await this.assertInCommunity(actor, institutionId);

    // Studies finalized in the period, with the institution of the center that read them.
    const finalized = `
      SELECT st.*, d.institution_id AS center_institution_id, src.type AS source_type,
             extract(epoch FROM st.finalized_at - st.requested_at) / 60 AS minutes
        FROM diagnosis.studies st
        JOIN diagnosis.dir_departments d ON d.id = st.center_id
        JOIN diagnosis.dir_institutions src ON src.id = st.institution_id
       WHERE st.community_id = $1 AND st.finalized_at >= $2 AND st.finalized_at < $3
         AND ($4::uuid IS NULL OR st.institution_id = $4 OR d.institution_id = $4)`;
    const args = [actor.communityId, q.from, q.to, institutionId];
    const [totals] = await this.ds.query(
      `WITH f AS (${finalized})
       SELECT count(*) FILTER (WHERE institution_id <> center_institution_id)::int AS remote,
              count(DISTINCT coalesce(patient_id, id)) FILTER (
                WHERE institution_id <> center_institution_id
                  AND source_type IN ('TOWNSHIP_HEALTH_CENTER', 'COMMUNITY_HEALTH_CENTER', 'VILLAGE_CLINIC'))::int AS patients,
              (SELECT population FROM diagnosis.dir_communities WHERE id = $1) AS population
         FROM f`,
      args,
    );
    const turnaround = await this.ds.query(
      `WITH f AS (${finalized})
       SELECT priority, count(*)::int AS count,
              count(*) FILTER (WHERE escalated_at IS NOT NULL OR finalized_at > due_at)::int AS breached,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes) AS p90,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY minutes) AS p99
         FROM f GROUP BY priority`,
      args,
    );
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
    const population = Number(totals.population ?? 0);
    const perPriority = Object.fromEntries(
      PRIORITIES.map((p) => {
        const row = turnaround.find((t: { priority: string }) => t.priority === p);
        return [
          p,
          {
            count: row?.count ?? 0,
            breached: row?.breached ?? 0,
            p50: round(row?.p50 ?? null),
            p90: round(row?.p90 ?? null),
            p99: round(row?.p99 ?? null),
          },
        ];
      }),
    ) as Record<(typeof PRIORITIES)[number], PercentileRow>;
    return {
      period: { from: q.from, to: q.to },
      institutionId,
      population,
      remoteDiagnoses: totals.remote,
      remoteDiagnosesPer10kResidents:
        population > 0 ? round((totals.remote * 10000) / population) : null,
      primaryExamUpperDiagnosisPatients: totals.patients,
      turnaroundMinutes: perPriority,
      criticalFindings: critical,
      byClinic,
      byReader,
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

interface PercentileRow {
  count: number;
  breached: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

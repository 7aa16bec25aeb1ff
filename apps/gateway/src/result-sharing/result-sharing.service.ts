import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, hasRole, ResultSharingContracts as C, rowsOf } from '@app/shared';
import { AuditOrigin, AuditService } from '../audit/audit.service';
import { BusCaller } from '../common/bus-call';

/**
 * 检查结果互认 across the county (seed 001 四(七)3, seed 003 三(二)3 县域内互认). The gateway
 * owns what the decision needs: the patient index (the same resident is matched by keyed hash
 * in each community) and the directory (which communities share, in which district).
 */
@Injectable()
export class ResultSharingService {
  constructor(
    private readonly ds: DataSource,
    private readonly bus: BusCaller,
    private readonly audit: AuditService,
  ) {}

  async setting(actor: Actor, communityId: string) {
    this.assertAdmin(actor, communityId);
    const [row] = await this.ds.query(
      `SELECT c.id AS "communityId", c.share_results_in_district AS enabled, d.id AS "districtId", d.name AS "districtName"
         FROM gateway.communities c LEFT JOIN gateway.districts d ON d.id = c.district_id WHERE c.id = $1`,
      [communityId],
    );
    if (!row) throw AppError.notFound('Community');
    return row;
  }

  /** A community admin opts the community in or out; audited. */
  async set(actor: Actor, communityId: string, enabled: boolean, origin: AuditOrigin) {
    this.assertAdmin(actor, communityId);
    await this.ds.transaction(async (m) => {
      const [updated] = await rowsOf(
        m,
        `UPDATE gateway.communities SET share_results_in_district = $2 WHERE id = $1 RETURNING id`,
        [communityId, enabled],
      );
      if (!updated) throw AppError.notFound('Community');
      await this.audit.record(
        actor,
        { action: 'update', resourceType: 'ResultSharing', resourceId: communityId },
        origin,
        m,
      );
    });
    return this.setting(actor, communityId);
  }

  /**
   * A patient's finished studies in the district's other communities that share, when the
   * caller's community shares too. Each study returned is one audited read of this patient.
   */
  async districtResults(actor: Actor, patientId: string, origin: AuditOrigin) {
    if (actor.kind !== 'user' || !hasRole(actor, 'clinician'))
      throw AppError.forbidden('Shared results are for clinicians');
    const [own] = await this.ds.query(
      `SELECT p.resident_id_hash, c.district_id, c.share_results_in_district AS shares
         FROM gateway.patients p JOIN gateway.communities c ON c.id = p.community_id
        WHERE p.id = $1 AND p.community_id = $2`,
      [patientId, actor.communityId],
    );
    if (!own) throw AppError.notFound('Patient');
    if (!own.shares || !own.district_id)
      throw AppError.forbidden(
        '检查结果互认 is off for your community: a community admin turns it on (PUT /api/v1/communities/{id}/result-sharing)',
      );
    const matches: { patientId: string; communityId: string }[] = await this.ds.query(
      `SELECT p.id AS "patientId", p.community_id AS "communityId"
         FROM gateway.patients p JOIN gateway.communities c ON c.id = p.community_id
        WHERE p.resident_id_hash = $1 AND c.district_id = $2 AND c.share_results_in_district
          AND c.id <> $3 LIMIT 20`,
      [own.resident_id_hash, own.district_id, actor.communityId],
    );
    const items = matches.length
      ? (await this.bus.call(actor, C.sharedStudies, { patients: matches })).items
      : [];
    await this.audit.recordMany(
      actor,
      items.map((s) => ({
        action: 'read' as const,
        resourceType: 'SharedStudy',
        resourceId: s.id,
        patientId,
      })),
      origin,
    );
    return { districtId: own.district_id as string, items };
  }

  private assertAdmin(actor: Actor, communityId: string) {
    if (actor.kind !== 'user' || !hasRole(actor, 'community_admin'))
      throw AppError.forbidden('Only a community admin sets result sharing');
    if (communityId !== actor.communityId) throw AppError.notFound('Community');
  }
}

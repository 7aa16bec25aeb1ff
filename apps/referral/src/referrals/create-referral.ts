import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AppError, ErrorCode, ReferralDetail } from '@app/shared';
import { CatalogService } from '../catalog/catalog.service';
import { inTransaction } from '../common/transaction';
import { DirectoryRepository } from '../directory/directory.repository';
import { PolicyService } from '../policy/policy.service';
import { GreenChannel } from './green-channel';
import { assertCareActor } from './referral-access';
import { recordTransition } from './referral-events';
import { loadDetail, ReferralRow } from './referral.queries';
import { ReservationHolds } from './reservation-holds';
import {
  assertRouteAllowed,
  continuationProblems,
  CreateReferralInput,
  holdMinutesFor,
} from './referral-rules';

/**
 * R1: the sender opens a referral (checked against the catalog, R2), optionally holding a slot
 * or bed at once; a green-channel one is accepted on arrival (R7). An origin key makes opening
 * idempotent for services that open referrals on someone's behalf.
 */
@Injectable()
export class CreateReferral {
  constructor(
    private readonly ds: DataSource,
    private readonly directory: DirectoryRepository,
    private readonly catalog: CatalogService,
    private readonly policy: PolicyService,
    private readonly holds: ReservationHolds,
    private readonly greenChannel: GreenChannel,
  ) {}

  async execute(actor: Actor, input: CreateReferralInput): Promise<ReferralDetail> {
    assertCareActor(actor, true);
    return inTransaction(this.ds, async (m) => {
      if (input.originKey) {
        const opened = await this.openedFrom(m, actor, input.originKey);
        if (opened) return loadDetail(m, opened);
      }
      const from = await this.directory.institutionInCommunity(
        actor,
        actor.institutionId,
        'actor.institutionId',
        m,
      );
      const to = await this.directory.institutionInCommunity(
        actor,
        input.toInstitutionId,
        'toInstitutionId',
        m,
      );
      if (input.toDepartmentId)
        await this.directory.departmentOf(to.id, input.toDepartmentId, 'toDepartmentId', m);
      assertRouteAllowed(input, from, to);
      if (input.continuesReferralId) await this.checkContinuation(m, actor, input);
      const verdict = await this.catalog.check(
        m,
        actor.communityId,
        input.direction,
        input.diagnoses,
      );
      if (!verdict.inCatalog && !input.justification && !input.greenChannel) {
        throw AppError.validation(
          `This referral is outside the catalog: ${verdict.problem}. Add a justification to send it for review.`,
          [{ path: 'justification', message: 'required outside the referral catalog' }],
        );
      }
      const policy = await this.policy.forCommunity(actor.communityId, m);
      const id = randomUUID();
      const urgency = input.greenChannel ? 'EMERGENCY' : input.urgency;
      const [row]: ReferralRow[] = await m.query(
        `INSERT INTO referral.referrals (id, community_id, direction, status, from_institution_id, to_institution_id, to_department_id,
           patient_id, family_doctor_signed, diagnoses, reason, urgency, green_channel, clinical_summary, justification, out_of_catalog,
           attachments, continues_referral_id, created_by, created_by_name, respond_by, origin_key)
         VALUES ($1, $2, $3, 'SUBMITTED', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                 now() + make_interval(secs => ($20::float8) * 60), $21)
         ON CONFLICT (community_id, origin_key) WHERE origin_key IS NOT NULL DO NOTHING RETURNING *`,
        [
          id,
          actor.communityId,
          input.direction,
          from.id,
          to.id,
          input.toDepartmentId ?? null,
          input.patientId,
          input.familyDoctorSigned,
          input.diagnoses,
          input.reason,
          urgency,
          input.greenChannel ?? null,
          input.clinicalSummary,
          input.justification ?? null,
          !verdict.inCatalog,
          JSON.stringify(input.attachments),
          input.continuesReferralId ?? null,
          actor.id,
          actor.name,
          policy.responseExpiryMinutes,
          input.originKey ?? null,
        ],
      );
      if (!row) {
        // A concurrent request with the same origin key committed first: answer its referral.
        const opened = await this.openedFrom(m, actor, input.originKey!);
        if (!opened) throw AppError.conflict('A referral with this origin is being opened');
        return loadDetail(m, opened);
      }
      await recordTransition(
        m,
        row,
        null,
        'SUBMITTED',
        actor,
        input.justification && !verdict.inCatalog ? `outside catalog: ${verdict.problem}` : null,
      );
      const owner = { referralId: id, communityId: actor.communityId, toInstitutionId: to.id };
      if (input.hold?.kind === 'SLOT')
        await this.holds.holdSlot(m, owner, input.hold.slotId, holdMinutesFor(policy, row));
      if (input.hold?.kind === 'BED')
        await this.holds.holdBed(
          m,
          owner,
          input.hold.bedId,
          input.greenChannel ? policy.emergencyHoldMinutes : holdMinutesFor(policy, row),
          !!input.greenChannel,
        );
      if (!input.greenChannel) return loadDetail(m, row);
      await this.greenChannel.open(m, row, policy.emergencyHoldMinutes, input.hold !== undefined);
      const [fresh]: ReferralRow[] = await m.query(
        `SELECT * FROM referral.referrals WHERE id = $1`,
        [id],
      );
      return loadDetail(m, fresh);
    });
  }

  private async openedFrom(
    m: EntityManager,
    actor: Actor,
    originKey: string,
  ): Promise<ReferralRow | undefined> {
    const [row]: ReferralRow[] = await m.query(
      `SELECT * FROM referral.referrals WHERE community_id = $1 AND origin_key = $2`,
      [actor.communityId, originKey],
    );
    return row;
  }

  private async checkContinuation(
    m: EntityManager,
    actor: Actor,
    input: CreateReferralInput,
  ): Promise<void> {
    const [orig]: ReferralRow[] = await m.query(
      `SELECT * FROM referral.referrals WHERE id = $1 AND community_id = $2`,
      [input.continuesReferralId, actor.communityId],
    );
    if (!orig) throw AppError.validation('continuesReferralId: no such referral in your community');
    const problems = continuationProblems(orig, actor, input);
    if (problems.length)
      throw new AppError(
        ErrorCode.INVALID_TRANSITION,
        `Cannot continue referral ${orig.id}: ${problems.join('; ')}`,
      );
  }
}

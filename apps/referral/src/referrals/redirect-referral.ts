import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor, AppError, ReferralDetail } from '@app/shared';
import { DirectoryRepository } from '../directory/directory.repository';
import { PolicyService } from '../policy/policy.service';
import { recordTransition } from './referral-events';
import { ReferralRow } from './referral.queries';
import { isWrongLevelForRedirect } from './referral-rules';
import { ReferralStep, ReferralTransition, StepRequest } from './referral-transition';

/**
 * R6: the receiver sends a submitted referral on to a third institution: the referral ends
 * REDIRECTED and a copy is submitted there, pointing back to it.
 */
@Injectable()
export class RedirectReferral implements ReferralStep<'redirect'> {
  constructor(
    private readonly transition: ReferralTransition,
    private readonly directory: DirectoryRepository,
    private readonly policy: PolicyService,
  ) {}

  execute(actor: Actor, request: StepRequest<'redirect'>): Promise<ReferralDetail> {
    return this.transition.run(actor, request.id, 'redirect', request, async (m, row) => ({
      redirectedTo: await this.submitCopy(m, actor, row, request),
    }));
  }

  /** Submits the copy at the new receiver; answers its id. */
  private async submitCopy(
    m: EntityManager,
    actor: Actor,
    row: ReferralRow,
    input: StepRequest<'redirect'>,
  ): Promise<string> {
    const target = await this.directory.institutionInCommunity(
      actor,
      input.toInstitutionId,
      'toInstitutionId',
      m,
    );
    if (target.id === row.from_institution_id || target.id === row.to_institution_id) {
      throw AppError.validation('toInstitutionId: redirect to a third institution');
    }
    const sender = await this.directory.institutionInCommunity(
      actor,
      row.from_institution_id,
      'fromInstitutionId',
      m,
    );
    if (isWrongLevelForRedirect(row.direction, target, sender))
      throw AppError.validation(
        `toInstitutionId: ${target.name} is not ${row.direction === 'UP' ? 'above' : 'below'} the sending institution's level, as a${row.direction === 'UP' ? 'n up' : ' down'}-referral needs`,
        [{ path: 'toInstitutionId', message: 'wrong level for the direction' }],
      );
    if (input.toDepartmentId)
      await this.directory.departmentOf(target.id, input.toDepartmentId, 'toDepartmentId', m);
    const policy = await this.policy.forCommunity(row.community_id, m);
    const id = randomUUID();
    const [copy]: ReferralRow[] = await m.query(
      `INSERT INTO referral.referrals (id, community_id, direction, status, from_institution_id, to_institution_id, to_department_id,
         patient_id, family_doctor_signed, diagnoses, reason, urgency, green_channel, clinical_summary, justification, out_of_catalog,
         attachments, continues_referral_id, created_by, created_by_name, respond_by)
       SELECT $2, community_id, direction, 'SUBMITTED', from_institution_id, $3, $4, patient_id, family_doctor_signed, diagnoses, reason,
              urgency, NULL, clinical_summary, justification, out_of_catalog, attachments, continues_referral_id, created_by, created_by_name,
              now() + make_interval(secs => ($5::float8) * 60)
         FROM referral.referrals WHERE id = $1 RETURNING *`,
      [row.id, id, target.id, input.toDepartmentId ?? null, policy.responseExpiryMinutes],
    );
    await recordTransition(
      m,
      copy,
      null,
      'SUBMITTED',
      actor,
      `redirected from referral ${row.id}: ${input.reason}`,
    );
    return id;
  }
}

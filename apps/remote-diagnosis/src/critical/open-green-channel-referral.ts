import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  Actor,
  AppError,
  ErrorCode,
  greenChannelFromFindingSchema,
  hasRole,
  ReferralContracts,
  requestContext,
  rowsOf,
} from '@app/shared';
import { BusClient, SERVICE_BUS } from '@app/shared/nest';
import { findingOfClinic } from './critical-finding.row';

type GreenChannelRequest = z.infer<typeof greenChannelFromFindingSchema>;

/**
 * D7: the clinic opens a green-channel up-referral with the study attached, via referral.create.
 * At most one per finding under any concurrency: the referral service keeps one referral per
 * origin key (a repeat answers the same referral), and only the first to record it here wins.
 */
@Injectable()
export class OpenGreenChannelReferral {
  constructor(
    private readonly ds: DataSource,
    // Signs the clinician's actor as this service: the referral service verifies it like the gateway's.
    @Inject(SERVICE_BUS) private readonly bus: BusClient,
  ) {}

  async execute(
    actor: Actor,
    input: GreenChannelRequest,
  ): Promise<{ referralId: string; status: string }> {
    if (!hasRole(actor, 'clinician'))
      throw AppError.forbidden('A clinician of the submitting clinic opens the referral');
    const f = await findingOfClinic(this.ds.manager, actor, input.findingId);
    if (f.referral_id)
      throw AppError.conflict(`A referral was already opened from this finding (${f.referral_id})`);
    const [study] = await rowsOf<{ patient_id: string | null }>(
      this.ds.manager,
      `SELECT patient_id FROM diagnosis.studies WHERE id = $1`,
      [f.study_id],
    );
    if (!study?.patient_id) {
      throw new AppError(
        ErrorCode.INVALID_TRANSITION,
        'The study has no patient; give patientId on the reading request first',
      );
    }
    const correlationId = requestContext.getStore()?.correlationId ?? 'none';
    const referral = await this.bus.call(
      ReferralContracts.create,
      {
        direction: 'UP',
        toInstitutionId: input.toInstitutionId,
        toDepartmentId: input.toDepartmentId,
        patientId: study.patient_id,
        diagnoses: input.diagnoses,
        reason: input.reason,
        urgency: 'EMERGENCY',
        greenChannel: input.greenChannel,
        clinicalSummary: `危急值: ${f.description}`,
        originKey: `critical-finding:${f.id}`,
        attachments: [
          {
            type: 'STUDY',
            id: f.study_id,
            title: 'Remote diagnosis study with a critical finding',
          },
        ],
      },
      { actor, correlationId },
    );
    const recorded = await rowsOf<{ id: string }>(
      this.ds.manager,
      `UPDATE diagnosis.critical_findings SET referral_id = $2 WHERE id = $1 AND referral_id IS NULL RETURNING id`,
      [f.id, referral.id],
    );
    if (recorded.length === 0)
      throw AppError.conflict(`A referral was already opened from this finding (${referral.id})`);
    return { referralId: referral.id, status: referral.status };
  }
}

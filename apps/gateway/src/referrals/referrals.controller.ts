import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  Actor,
  createReferralSchema,
  listReferralsQuerySchema,
  holdRequestSchema,
  ReferralContracts as C,
  ReferralDetail,
  referralDetailSchema,
  RequestOf,
} from '@app/shared';
import { AuditService } from '../audit/audit.service';
import { CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { Operation } from '../common/operation';
import { EdgeRequest, requestOrigin } from '../common/request-context';
import { ZodPipe } from '../common/zod.pipe';
import { PatientsService } from '../patients/patients.service';

const CARE = ['clinician', 'referral_coordinator'] as const;
const READ = { roles: [...CARE, 'community_admin' as const], scope: 'referrals:read' as const };
const WRITE = { roles: [...CARE], scope: 'referrals:write' as const };
const id = new ParseUUIDPipe();
const listQuery = listReferralsQuerySchema;
const indicatorsQuery = C.indicators.request;
/** R9: the 签约 flag is the gateway's to set, from the patient index; origin keys are services'. */
const createBody = createReferralSchema.omit({ familyDoctorSigned: true, originKey: true });

/** Each step's body is its bus contract's request without the id, which the path carries. */
const body = {
  accept: C.accept.request.omit({ id: true }),
  reject: C.reject.request.omit({ id: true }),
  redirect: C.redirect.request.omit({ id: true }),
  cancel: C.cancel.request.omit({ id: true }),
  checkIn: C.checkIn.request.omit({ id: true }),
  noShow: C.noShow.request.omit({ id: true }),
  complete: C.complete.request.omit({ id: true }),
};
type StepContract =
  | typeof C.accept
  | typeof C.reject
  | typeof C.redirect
  | typeof C.cancel
  | typeof C.checkIn
  | typeof C.noShow
  | typeof C.complete;

/** Every lifecycle step answers the referral as it now is; which party may act is the service's call. */
const step = (id: string, summary: string, stepBody: z.ZodType, party: 'receiver' | 'sender') =>
  Operation({
    id,
    summary,
    description: `Only the ${party === 'receiver' ? 'receiving' : 'sending'} institution may take this step (403 otherwise); a referral in a status that does not allow it answers 409.`,
    access: WRITE,
    body: stepBody,
    uuidParams: ['id'],
    response: referralDetailSchema,
    errors: [404, 409, 422],
  });

/** Two-way referral at the edge (R1, R5–R8): thin adapters over the referral service. */
@ApiTags('referrals')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/referrals')
export class ReferralsController {
  constructor(
    private readonly bus: BusCaller,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
  ) {}

  private async audited(
    actor: Actor,
    req: EdgeRequest,
    action: 'read' | 'create' | 'update',
    detail: Promise<ReferralDetail>,
  ) {
    return this.audit.recorded(actor, requestOrigin(req), action, 'Referral', detail);
  }

  private move<S extends StepContract>(
    actor: Actor,
    req: EdgeRequest,
    contract: S,
    payload: RequestOf<S>,
  ) {
    return this.audited(actor, req, 'update', this.bus.call(actor, contract, payload));
  }

  @Get()
  @Operation({
    id: 'listReferrals',
    summary:
      "Referrals sent or received by the caller's institution (a community admin: the community's)",
    access: READ,
    query: listQuery,
    response: C.list.response,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(listQuery, 'query')) q: z.output<typeof listQuery>,
  ) {
    return this.bus.call(actor, C.list, q);
  }

  @Post()
  @Operation({
    id: 'createReferral',
    summary:
      'Submit an up- or down-referral, optionally holding a slot or bed (green channel: accepted at once)',
    access: WRITE,
    body: createBody,
    response: referralDetailSchema,
    status: 201,
    errors: [404, 409, 422],
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(createBody)) b: z.output<typeof createBody>,
    @Req() req: EdgeRequest,
  ) {
    // The patient index is the gateway's: check the patient and take the 签约 flag from it (R9).
    const patient = await this.patients.requireInCommunity(actor, b.patientId);
    return this.audited(
      actor,
      req,
      'create',
      this.bus.call(actor, C.create, { ...b, familyDoctorSigned: patient.familyDoctorSigned }),
    );
  }

  @Get('indicators')
  @Operation({
    id: 'referralIndicators',
    summary:
      'I1 referral indicators for a period: counts, up/down ratio, acceptance percentiles, no-shows, compliance',
    description:
      'Up/down counts (seed 001 五(三)) count each referral submitted in the period once, when the receiving side accepted it and it was not called off (ACCEPTED, ARRIVED, COMPLETED); the rest are in `notCounted`. Reserved-share compliance (seed 004 四(八)4) is per department and day for slots (1/3) and per ward and day for beds (1/4). Seed 002 四(三) 家庭医生对签约居民住院服务的转介率 cannot be computed: its denominator, all admissions of signed residents, is in the HIS / 医保 systems; `familyDoctorInpatientReferrals` gives its numerator. docs/indicators.md lists every seed indicator and which the platform cannot produce.',
    access: { roles: [...CARE, 'community_admin'], scope: 'referrals:read' },
    query: indicatorsQuery,
    response: C.indicators.response,
    errors: [404],
  })
  indicators(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(indicatorsQuery, 'query')) q: z.output<typeof indicatorsQuery>,
  ) {
    return this.bus.call(actor, C.indicators, q);
  }

  @Get(':id')
  @Operation({
    id: 'getReferral',
    summary:
      'A referral with its reservation, transitions (who, when, why), follow-up and FHIR Task status',
    access: READ,
    uuidParams: ['id'],
    response: referralDetailSchema,
    errors: [404],
  })
  get(@CurrentActor() actor: Actor, @Param('id', id) referralId: string, @Req() req: EdgeRequest) {
    return this.audited(actor, req, 'read', this.bus.call(actor, C.get, { id: referralId }));
  }

  @Post(':id/hold')
  @Operation({
    id: 'holdReferralCapacity',
    summary: 'Sender: hold a slot or bed at the receiver (expires after the policy hold time)',
    access: WRITE,
    body: holdRequestSchema,
    uuidParams: ['id'],
    response: referralDetailSchema,
    errors: [404, 409],
  })
  hold(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(holdRequestSchema)) hold: z.output<typeof holdRequestSchema>,
    @Req() req: EdgeRequest,
  ) {
    return this.audited(
      actor,
      req,
      'update',
      this.bus.call(actor, C.hold, { id: referralId, hold }),
    );
  }

  @Post(':id/accept')
  @step('acceptReferral', 'Receiver: accept (books the held slot or bed)', body.accept, 'receiver')
  accept(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(body.accept)) b: z.output<typeof body.accept>,
    @Req() req: EdgeRequest,
  ) {
    return this.move(actor, req, C.accept, { id: referralId, ...b });
  }

  @Post(':id/reject')
  @step('rejectReferral', 'Receiver: reject, with a reason', body.reject, 'receiver')
  reject(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(body.reject)) b: z.output<typeof body.reject>,
    @Req() req: EdgeRequest,
  ) {
    return this.move(actor, req, C.reject, { id: referralId, ...b });
  }

  @Post(':id/redirect')
  @step(
    'redirectReferral',
    'Receiver: pass the referral to a third institution of the same direction’s level rule',
    body.redirect,
    'receiver',
  )
  redirect(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(body.redirect)) b: z.output<typeof body.redirect>,
    @Req() req: EdgeRequest,
  ) {
    return this.move(actor, req, C.redirect, { id: referralId, ...b });
  }

  @Post(':id/cancel')
  @step('cancelReferral', 'Sender: cancel, with a reason', body.cancel, 'sender')
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(body.cancel)) b: z.output<typeof body.cancel>,
    @Req() req: EdgeRequest,
  ) {
    return this.move(actor, req, C.cancel, { id: referralId, ...b });
  }

  @Post(':id/check-in')
  @step('checkInReferral', 'Receiver: the patient arrived (接诊)', body.checkIn, 'receiver')
  checkIn(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(body.checkIn)) b: z.output<typeof body.checkIn>,
    @Req() req: EdgeRequest,
  ) {
    return this.move(actor, req, C.checkIn, { id: referralId, ...b });
  }

  @Post(':id/no-show')
  @step('markReferralNoShow', 'Receiver: the patient did not come', body.noShow, 'receiver')
  noShow(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(body.noShow)) b: z.output<typeof body.noShow>,
    @Req() req: EdgeRequest,
  ) {
    return this.move(actor, req, C.noShow, { id: referralId, ...b });
  }

  @Post(':id/complete')
  @step(
    'completeReferral',
    'Receiver: close the referral with a summary for the sender (闭环)',
    body.complete,
    'receiver',
  )
  complete(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(body.complete)) b: z.output<typeof body.complete>,
    @Req() req: EdgeRequest,
  ) {
    return this.move(actor, req, C.complete, { id: referralId, ...b });
  }
}

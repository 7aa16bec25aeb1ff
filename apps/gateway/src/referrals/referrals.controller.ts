import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import {
  Actor,
  createReferralSchema,
  holdRequestSchema,
  optionalText,
  ReferralContracts as C,
  ReferralDetail,
  text,
} from '@app/shared';
import { AuditService } from '../audit/audit.service';
import { Access, CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { EdgeRequest, requestOrigin } from '../common/request-context';
import { openApiSchema, ZodPipe } from '../common/zod.pipe';
import { PatientsService } from '../patients/patients.service';

const CARE = ['clinician', 'referral_coordinator'] as const;
const READ = { roles: [...CARE, 'community_admin' as const], scope: 'referrals:read' };
const WRITE = { roles: [...CARE], scope: 'referrals:write' };
const id = new ParseUUIDPipe();
const reasonBody = z.object({ reason: text(2000) });
const optionalReasonBody = z.object({ reason: optionalText(2000) });
const redirectBody = reasonBody.extend({
  toInstitutionId: z.string().uuid(),
  toDepartmentId: z.string().uuid().optional(),
});
const completeBody = z.object({ summary: text(20000) });
const listQuery = C.list.request;

/** The lifecycle steps: the URL segment, the body it takes and the bus contract it calls. */
const TRANSITIONS = {
  accept: { body: optionalReasonBody, contract: C.accept },
  reject: { body: reasonBody, contract: C.reject },
  redirect: { body: redirectBody, contract: C.redirect },
  cancel: { body: reasonBody, contract: C.cancel },
  'check-in': { body: optionalReasonBody, contract: C.checkIn },
  'no-show': { body: optionalReasonBody, contract: C.noShow },
  complete: { body: completeBody, contract: C.complete },
} as const;
type TransitionName = keyof typeof TRANSITIONS;
const TRANSITION_NAMES = Object.keys(TRANSITIONS) as [TransitionName, ...TransitionName[]];
const indicatorsQuery = C.indicators.request;

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
    const r = await detail;
    await this.audit.record(
      actor,
      { action, resourceType: 'Referral', resourceId: r.id, patientId: r.patientId },
      requestOrigin(req),
    );
    return r;
  }

  @Get()
  @Access(READ)
  @ApiOperation({
    summary:
      "Referrals sent or received by the caller's institution (a community admin: the community's)",
  })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(listQuery, 'query')) q: z.output<typeof listQuery>,
  ) {
    return this.bus.call(actor, C.list, q);
  }

  @Post()
  @Access(WRITE)
  @ApiOperation({
    summary:
      'Submit an up- or down-referral, optionally holding a slot or bed (green channel: accepted at once)',
  })
  @ApiBody({ schema: openApiSchema(createReferralSchema.omit({ familyDoctorSigned: true })) })
  async create(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(createReferralSchema)) body: z.output<typeof createReferralSchema>,
    @Req() req: EdgeRequest,
  ) {
    // The patient index is the gateway's: check the patient and take the 签约 flag from it (R9).
    const patient = await this.patients.requireInCommunity(actor, body.patientId);
    return this.audited(
      actor,
      req,
      'create',
      this.bus.call(actor, C.create, { ...body, familyDoctorSigned: patient.familyDoctorSigned }),
    );
  }

  @Get('indicators')
  @Access({ roles: [...CARE, 'community_admin'], scope: 'referrals:read' })
  @ApiOperation({
    summary:
      'I1 referral indicators for a period: counts, up/down ratio, acceptance percentiles, no-shows, compliance',
  })
  indicators(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(indicatorsQuery, 'query')) q: z.output<typeof indicatorsQuery>,
  ) {
    return this.bus.call(actor, C.indicators, q);
  }

  @Get(':id')
  @Access(READ)
  @ApiOperation({
    summary:
      'A referral with its reservation, transitions (who, when, why), follow-up and FHIR Task status',
  })
  get(@CurrentActor() actor: Actor, @Param('id', id) referralId: string, @Req() req: EdgeRequest) {
    return this.audited(actor, req, 'read', this.bus.call(actor, C.get, { id: referralId }));
  }

  @Post(':id/hold')
  @HttpCode(200)
  @Access(WRITE)
  @ApiOperation({
    summary: 'Sender: hold a slot or bed at the receiver (expires after the policy hold time)',
  })
  @ApiBody({ schema: openApiSchema(holdRequestSchema) })
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

  /**
   * Every lifecycle step is the same adapter: validate the step's body, forward it, audit.
   * Which party may take which step is decided by the referral service (403/409).
   */
  @Post(':id/:action')
  @HttpCode(200)
  @Access(WRITE)
  @ApiOperation({
    summary:
      'Move the referral: accept | reject | redirect | check-in | no-show | complete (receiver), cancel (sender)',
  })
  @ApiParam({ name: 'action', enum: TRANSITION_NAMES })
  @ApiBody({ schema: { oneOf: Object.values(TRANSITIONS).map((t) => openApiSchema(t.body)) } })
  transition(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Param('action', new ZodPipe(z.enum(TRANSITION_NAMES), 'action')) action: TransitionName,
    @Body() raw: unknown,
    @Req() req: EdgeRequest,
  ) {
    const step = TRANSITIONS[action];
    const body = new ZodPipe(step.body).transform(raw ?? {});
    const call = this.bus.call(actor, step.contract as typeof C.accept, {
      id: referralId,
      ...body,
    });
    return this.audited(actor, req, 'update', call);
  }
}

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
import { ApiBearerAuth, ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  Actor,
  createReferralSchema,
  holdRequestSchema,
  ReferralContracts as C,
  ReferralDetail,
} from '@app/shared';
import { AuditService } from '../audit/audit.service';
import { Access, CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { clientIp, EdgeRequest } from '../common/request-context';
import { openApiSchema, ZodPipe } from '../common/zod.pipe';
import { PatientsService } from '../patients/patients.service';

const CARE = ['clinician', 'referral_coordinator'] as const;
const READ = { roles: [...CARE, 'community_admin' as const], scope: 'referrals:read' };
const WRITE = { roles: [...CARE], scope: 'referrals:write' };
const id = new ParseUUIDPipe();
const reasonBody = z.object({ reason: z.string().trim().min(1).max(2000) });
const optionalReasonBody = z.object({ reason: z.string().trim().max(2000).optional() });
const redirectBody = reasonBody.extend({
  toInstitutionId: z.string().uuid(),
  toDepartmentId: z.string().uuid().optional(),
});
const completeBody = z.object({ summary: z.string().trim().min(1).max(20000) });
const listQuery = C.list.request;
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
      { ip: clientIp(req), userAgent: req.header('user-agent') },
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

  @Post(':id/accept')
  @HttpCode(200)
  @Access(WRITE)
  @ApiOperation({ summary: 'Receiver: accept (books the held slot or bed)' })
  @ApiBody({ schema: openApiSchema(optionalReasonBody) })
  accept(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(optionalReasonBody)) b: z.output<typeof optionalReasonBody>,
    @Req() req: EdgeRequest,
  ) {
    return this.audited(
      actor,
      req,
      'update',
      this.bus.call(actor, C.accept, { id: referralId, ...b }),
    );
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Access(WRITE)
  @ApiOperation({ summary: 'Receiver: reject with a reason (releases the hold)' })
  @ApiBody({ schema: openApiSchema(reasonBody) })
  reject(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(reasonBody)) b: z.output<typeof reasonBody>,
    @Req() req: EdgeRequest,
  ) {
    return this.audited(
      actor,
      req,
      'update',
      this.bus.call(actor, C.reject, { id: referralId, ...b }),
    );
  }

  @Post(':id/redirect')
  @HttpCode(200)
  @Access(WRITE)
  @ApiOperation({
    summary: 'Receiver: redirect to a third institution (a new referral is submitted there)',
  })
  @ApiBody({ schema: openApiSchema(redirectBody) })
  redirect(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(redirectBody)) b: z.output<typeof redirectBody>,
    @Req() req: EdgeRequest,
  ) {
    return this.audited(
      actor,
      req,
      'update',
      this.bus.call(actor, C.redirect, { id: referralId, ...b }),
    );
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Access(WRITE)
  @ApiOperation({ summary: 'Sender: cancel with a reason (releases the hold or booking)' })
  @ApiBody({ schema: openApiSchema(reasonBody) })
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(reasonBody)) b: z.output<typeof reasonBody>,
    @Req() req: EdgeRequest,
  ) {
    return this.audited(
      actor,
      req,
      'update',
      this.bus.call(actor, C.cancel, { id: referralId, ...b }),
    );
  }

  @Post(':id/check-in')
  @HttpCode(200)
  @Access(WRITE)
  @ApiOperation({ summary: 'Receiver: the patient arrived (a booked bed becomes occupied)' })
  @ApiBody({ schema: openApiSchema(optionalReasonBody) })
  checkIn(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(optionalReasonBody)) b: z.output<typeof optionalReasonBody>,
    @Req() req: EdgeRequest,
  ) {
    return this.audited(
      actor,
      req,
      'update',
      this.bus.call(actor, C.checkIn, { id: referralId, ...b }),
    );
  }

  @Post(':id/no-show')
  @HttpCode(200)
  @Access(WRITE)
  @ApiOperation({ summary: 'Receiver: the patient did not come (releases the booking)' })
  @ApiBody({ schema: openApiSchema(optionalReasonBody) })
  noShow(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(optionalReasonBody)) b: z.output<typeof optionalReasonBody>,
    @Req() req: EdgeRequest,
  ) {
    return this.audited(
      actor,
      req,
      'update',
      this.bus.call(actor, C.noShow, { id: referralId, ...b }),
    );
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Access(WRITE)
  @ApiOperation({
    summary:
      'Receiver: complete with a summary for the sender (closes the loop; a bed is released)',
  })
  @ApiBody({ schema: openApiSchema(completeBody) })
  complete(
    @CurrentActor() actor: Actor,
    @Param('id', id) referralId: string,
    @Body(new ZodPipe(completeBody)) b: z.output<typeof completeBody>,
    @Req() req: EdgeRequest,
  ) {
    return this.audited(
      actor,
      req,
      'update',
      this.bus.call(actor, C.complete, { id: referralId, ...b }),
    );
  }
}

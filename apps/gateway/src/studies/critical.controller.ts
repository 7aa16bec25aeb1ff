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
  AppError,
  DiagnosisContracts as C,
  greenChannelFromFindingSchema,
} from '@app/shared';
import { AuditService } from '../audit/audit.service';
import { Access, CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { EdgeRequest, requestOrigin } from '../common/request-context';
import { openApiSchema, ZodPipe } from '../common/zod.pipe';
import { PatientsService } from '../patients/patients.service';

const id = new ParseUUIDPipe();
const raiseBody = C.raiseCritical.request.omit({ studyId: true });
const ackBody = C.acknowledgeCritical.request.omit({ findingId: true });
const referralBody = greenChannelFromFindingSchema.omit({ findingId: true });
const listQuery = C.listCritical.request;

/** D6 critical findings, D7 green-channel referral from one, D8 a patient's studies across the community. */
@ApiTags('critical findings and sharing')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1')
export class CriticalController {
  constructor(
    private readonly bus: BusCaller,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
  ) {}

  @Post('studies/:id/critical')
  @Access({ roles: ['reader', 'senior_reader'] })
  @ApiOperation({
    summary: '危急值: flag a critical finding; the submitting clinic is notified at once (event)',
  })
  @ApiBody({ schema: openApiSchema(raiseBody) })
  raise(
    @CurrentActor() actor: Actor,
    @Param('id', id) studyId: string,
    @Body(new ZodPipe(raiseBody)) b: z.output<typeof raiseBody>,
  ) {
    return this.bus.call(actor, C.raiseCritical, { studyId, ...b });
  }

  @Get('critical-findings')
  @Access({ roles: ['clinician', 'reader', 'senior_reader'], scope: 'studies:read' })
  @ApiOperation({
    summary:
      "Critical findings of the caller's clinic or reading center (open=true: not yet acknowledged)",
  })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(listQuery, 'query')) q: z.output<typeof listQuery>,
  ) {
    return this.bus.call(actor, C.listCritical, q);
  }

  @Post('critical-findings/:id/acknowledge')
  @HttpCode(200)
  @Access({ roles: ['clinician'] })
  @ApiOperation({
    summary: 'A named clinician of the submitting clinic acknowledges the critical finding',
  })
  @ApiBody({ schema: openApiSchema(ackBody) })
  acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', id) findingId: string,
    @Body(new ZodPipe(ackBody)) b: z.output<typeof ackBody>,
  ) {
    return this.bus.call(actor, C.acknowledgeCritical, { findingId, ...b });
  }

  @Post('critical-findings/:id/green-channel-referral')
  @Access({ roles: ['clinician'] })
  @ApiOperation({
    summary:
      'Open a green-channel up-referral with the study attached (through the referral service)',
  })
  @ApiBody({ schema: openApiSchema(referralBody) })
  greenChannel(
    @CurrentActor() actor: Actor,
    @Param('id', id) findingId: string,
    @Body(new ZodPipe(referralBody)) b: z.output<typeof referralBody>,
  ) {
    return this.bus.call(actor, C.greenChannelReferral, { findingId, ...b });
  }

  @Get('patients/:id/studies')
  @Access({ roles: ['clinician', 'reader', 'senior_reader'], scope: 'studies:read' })
  @ApiOperation({
    summary:
      '检查结果互认: a patient’s studies and final reports across the community; every access audited',
  })
  async byPatient(
    @CurrentActor() actor: Actor,
    @Param('id', id) patientId: string,
    @Req() req: EdgeRequest,
  ) {
    await this.patients.requireInCommunity(actor, patientId).catch(() => {
      throw AppError.notFound('Patient');
    });
    const result = await this.bus.call(actor, C.byPatient, { patientId });
    await this.audit.recordMany(
      actor,
      [
        { action: 'search', resourceType: 'ImagingStudy', patientId },
        ...result.items.map((study) => ({
          action: 'read' as const,
          resourceType: 'ImagingStudy',
          resourceId: study.id,
          patientId,
        })),
      ],
      requestOrigin(req),
    );
    return result;
  }
}

import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  Actor,
  AppError,
  DiagnosisContracts as C,
  greenChannelFromFindingSchema,
} from '@app/shared';
import { AuditService } from '../audit/audit.service';
import { CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { Operation } from '../common/operation';
import { EdgeRequest, requestOrigin } from '../common/request-context';
import { ZodPipe } from '../common/zod.pipe';
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
  @Operation({
    id: 'raiseCriticalFinding',
    summary: '危急值: flag a critical finding; the submitting clinic is notified at once (event)',
    description: 'A reader of the study’s center, while reading or after.',
    access: { roles: ['reader', 'senior_reader'] },
    body: raiseBody,
    uuidParams: ['id'],
    response: C.raiseCritical.response,
    status: 201,
    errors: [404, 409],
  })
  raise(
    @CurrentActor() actor: Actor,
    @Param('id', id) studyId: string,
    @Body(new ZodPipe(raiseBody)) b: z.output<typeof raiseBody>,
  ) {
    return this.bus.call(actor, C.raiseCritical, { studyId, ...b });
  }

  @Get('critical-findings')
  @Operation({
    id: 'listCriticalFindings',
    summary:
      "Critical findings of the caller's clinic or reading centers (open=true: not yet acknowledged)",
    access: { roles: ['clinician', 'reader', 'senior_reader'], scope: 'studies:read' },
    query: listQuery,
    response: C.listCritical.response,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(listQuery, 'query')) q: z.output<typeof listQuery>,
  ) {
    return this.bus.call(actor, C.listCritical, q);
  }

  @Post('critical-findings/:id/acknowledge')
  @Operation({
    id: 'acknowledgeCriticalFinding',
    summary: 'A named clinician of the submitting clinic acknowledges the critical finding',
    access: { roles: ['clinician'] },
    body: ackBody,
    uuidParams: ['id'],
    response: C.acknowledgeCritical.response,
    errors: [404, 409],
  })
  acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', id) findingId: string,
    @Body(new ZodPipe(ackBody)) b: z.output<typeof ackBody>,
  ) {
    return this.bus.call(actor, C.acknowledgeCritical, { findingId, ...b });
  }

  @Post('critical-findings/:id/green-channel-referral')
  @Operation({
    id: 'openGreenChannelFromFinding',
    summary:
      'Open a green-channel up-referral with the study attached (through the referral service)',
    description: 'At most one referral per finding: a second request answers 409.',
    access: { roles: ['clinician'] },
    body: referralBody,
    uuidParams: ['id'],
    response: C.greenChannelReferral.response,
    status: 201,
    errors: [404, 409],
  })
  greenChannel(
    @CurrentActor() actor: Actor,
    @Param('id', id) findingId: string,
    @Body(new ZodPipe(referralBody)) b: z.output<typeof referralBody>,
  ) {
    return this.bus.call(actor, C.greenChannelReferral, { findingId, ...b });
  }

  @Get('patients/:id/studies')
  @Operation({
    id: 'listPatientStudies',
    summary:
      '检查结果互认: a patient’s studies and final reports across the community; every access audited',
    access: { roles: ['clinician', 'reader', 'senior_reader'], scope: 'studies:read' },
    uuidParams: ['id'],
    response: C.byPatient.response,
    errors: [404],
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

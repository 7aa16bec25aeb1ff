import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { Actor, DiagnosisContracts as C, requestReadingSchema, StudyDetail } from '@app/shared';
import { AuditService } from '../audit/audit.service';
import { Access, CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { EdgeRequest, requestOrigin } from '../common/request-context';
import { openApiSchema, ZodPipe } from '../common/zod.pipe';

const id = new ParseUUIDPipe();
const READERS = { roles: ['reader' as const, 'senior_reader' as const] };
const requestBody = requestReadingSchema.omit({ studyId: true });
const claimBody = C.claimNext.request;

/** The reader's steps on a claimed or reported study: URL segment → body and bus contract. */
const STEPS = {
  heartbeat: { body: z.object({}), contract: C.heartbeat },
  release: { body: C.release.request.omit({ studyId: true }), contract: C.release },
  'report/draft': { body: C.saveDraft.request.omit({ studyId: true }), contract: C.saveDraft },
  'report/sign': { body: z.object({}), contract: C.sign },
  'report/approve': { body: z.object({}), contract: C.approve },
  'report/amend': { body: C.amend.request.omit({ studyId: true }), contract: C.amend },
  'send-back': { body: C.sendBack.request.omit({ studyId: true }), contract: C.sendBack },
} as const;
type Step = keyof typeof STEPS;

/** D3–D5 at the edge: reading requests, the worklist, leases and reports. */
@ApiTags('reading')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1')
export class ReadingController {
  constructor(
    private readonly bus: BusCaller,
    private readonly audit: AuditService,
  ) {}

  private async audited(
    actor: Actor,
    req: EdgeRequest,
    action: 'read' | 'update',
    work: Promise<StudyDetail>,
  ) {
    const study = await work;
    await this.audit.record(
      actor,
      { action, resourceType: 'ImagingStudy', resourceId: study.id, patientId: study.patientId },
      requestOrigin(req),
    );
    return study;
  }

  @Post('studies/:id/reading-request')
  @Access({ roles: ['clinician'], scope: 'studies:write' })
  @ApiOperation({
    summary:
      '申请单: send an uploaded study to a reading center with history, question and priority',
  })
  @ApiBody({ schema: openApiSchema(requestBody) })
  request(
    @CurrentActor() actor: Actor,
    @Param('id', id) studyId: string,
    @Body(new ZodPipe(requestBody)) b: z.output<typeof requestBody>,
    @Req() req: EdgeRequest,
  ) {
    return this.audited(
      actor,
      req,
      'update',
      this.bus.call(actor, C.requestReading, { ...b, studyId }),
    );
  }

  @Get('studies/:id')
  @Access({ roles: ['clinician', 'reader', 'senior_reader'], scope: 'studies:read' })
  @ApiOperation({
    summary: 'A study with its reading status and reports (the clinic sees final reports)',
  })
  get(@CurrentActor() actor: Actor, @Param('id', id) studyId: string, @Req() req: EdgeRequest) {
    return this.audited(actor, req, 'read', this.bus.call(actor, C.get, { id: studyId }));
  }

  @Post('worklist/claim')
  @HttpCode(200)
  @Access(READERS)
  @ApiOperation({
    summary: 'Claim the next study (STAT, urgent, routine, then oldest) under an exclusive lease',
  })
  @ApiBody({ schema: openApiSchema(claimBody) })
  claim(@CurrentActor() actor: Actor, @Body(new ZodPipe(claimBody)) b: z.output<typeof claimBody>) {
    return this.bus.call(actor, C.claimNext, b);
  }

  @Post('studies/:id/:step')
  @HttpCode(200)
  @Access(READERS)
  @ApiOperation({
    summary:
      'Reader steps: heartbeat | release | report/draft | report/sign | report/approve | report/amend | send-back',
  })
  @ApiParam({ name: 'step', enum: Object.keys(STEPS) })
  step(
    @CurrentActor() actor: Actor,
    @Param('id', id) studyId: string,
    @Param('step') step: string,
    @Body() raw: unknown,
    @Req() req: EdgeRequest,
  ) {
    return this.runStep(actor, studyId, step, raw, req);
  }

  @Post('studies/:id/report/:step')
  @HttpCode(200)
  @Access(READERS)
  @ApiOperation({
    summary: 'Report steps: draft | sign | approve (senior reader, not the author) | amend',
  })
  reportStep(
    @CurrentActor() actor: Actor,
    @Param('id', id) studyId: string,
    @Param('step') step: string,
    @Body() raw: unknown,
    @Req() req: EdgeRequest,
  ) {
    return this.runStep(actor, studyId, `report/${step}`, raw, req);
  }

  private runStep(actor: Actor, studyId: string, name: string, raw: unknown, req: EdgeRequest) {
    const step = new ZodPipe(z.enum(Object.keys(STEPS) as [Step, ...Step[]]), 'step').transform(
      name,
    );
    const { body, contract } = STEPS[step];
    const input = new ZodPipe(body).transform(raw ?? {});
    return this.audited(
      actor,
      req,
      'update',
      this.bus.call(actor, contract as typeof C.sign, { ...input, studyId }),
    );
  }

  @Post('diagnosis-sweep')
  @HttpCode(200)
  @Access({ roles: ['community_admin'] })
  @ApiOperation({
    summary:
      'Run the reading time sweep now (expired leases back to the queue, turnaround escalation)',
  })
  sweep(@CurrentActor() actor: Actor) {
    return this.bus.call(actor, C.sweep, {});
  }
}

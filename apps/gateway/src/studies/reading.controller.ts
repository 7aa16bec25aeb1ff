import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  Actor,
  DiagnosisContracts as C,
  RequestOf,
  requestReadingSchema,
  StudyDetail,
  studyDetailSchema,
} from '@app/shared';
import { AuditService } from '../audit/audit.service';
import { CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { Operation } from '../common/operation';
import { EdgeRequest, requestOrigin } from '../common/request-context';
import { ZodPipe } from '../common/zod.pipe';
import { PatientsService } from '../patients/patients.service';

const id = new ParseUUIDPipe();
const READERS = { roles: ['reader' as const, 'senior_reader' as const] };
const requestBody = requestReadingSchema.omit({ studyId: true, familyDoctorSigned: true });
const claimBody = C.claimNext.request;

/** Each step's body is its bus contract's request without the study id, which the path carries. */
const body = {
  heartbeat: C.heartbeat.request.omit({ studyId: true }),
  release: C.release.request.omit({ studyId: true }),
  sendBack: C.sendBack.request.omit({ studyId: true }),
  draft: C.saveDraft.request.omit({ studyId: true }),
  sign: C.sign.request.omit({ studyId: true }),
  approve: C.approve.request.omit({ studyId: true }),
  amend: C.amend.request.omit({ studyId: true }),
};
type StepContract =
  | typeof C.heartbeat
  | typeof C.release
  | typeof C.sendBack
  | typeof C.saveDraft
  | typeof C.sign
  | typeof C.approve
  | typeof C.amend;

/** A reader's step on a study of their reading center; the diagnosis service decides who may. */
const step = (id: string, summary: string, stepBody: z.ZodType, description: string) =>
  Operation({
    id,
    summary,
    description,
    access: READERS,
    body: stepBody,
    uuidParams: ['id'],
    response: studyDetailSchema,
    errors: [404, 409],
  });

/** D3–D5 at the edge: reading requests, the worklist, leases and reports. */
@ApiTags('reading')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1')
export class ReadingController {
  constructor(
    private readonly bus: BusCaller,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
  ) {}

  private audited(
    actor: Actor,
    req: EdgeRequest,
    action: 'read' | 'update',
    work: Promise<StudyDetail>,
  ) {
    return this.audit.recorded(actor, requestOrigin(req), action, 'ImagingStudy', work);
  }

  private run<S extends StepContract>(
    actor: Actor,
    req: EdgeRequest,
    contract: S,
    payload: RequestOf<S>,
  ) {
    return this.audited(actor, req, 'update', this.bus.call(actor, contract, payload));
  }

  @Post('studies/:id/reading-request')
  @Operation({
    id: 'requestReading',
    summary:
      '申请单: send an uploaded study to a reading center with history, question and priority',
    description:
      'patientId, when given, must be a patient of the caller’s community in the patient index (400 otherwise).',
    access: { roles: ['clinician'], scope: 'studies:write' },
    body: requestBody,
    uuidParams: ['id'],
    response: studyDetailSchema,
    status: 201,
    errors: [404, 409],
  })
  async request(
    @CurrentActor() actor: Actor,
    @Param('id', id) studyId: string,
    @Body(new ZodPipe(requestBody)) b: z.output<typeof requestBody>,
    @Req() req: EdgeRequest,
  ) {
    // The patient index is the gateway's: a study is linked only to a patient of this community.
    const patient = b.patientId
      ? await this.patients.requireInCommunity(actor, b.patientId)
      : undefined;
    const familyDoctorSigned = patient?.familyDoctorSigned ?? false;
    return this.audited(
      actor,
      req,
      'update',
      this.bus.call(actor, C.requestReading, { ...b, studyId, familyDoctorSigned }),
    );
  }

  @Get('studies/:id')
  @Operation({
    id: 'getStudy',
    summary:
      'A study with its reading status and reports (the clinic sees final reports; the center’s readers every version)',
    access: { roles: ['clinician', 'reader', 'senior_reader'], scope: 'studies:read' },
    uuidParams: ['id'],
    response: studyDetailSchema,
    errors: [404],
  })
  get(@CurrentActor() actor: Actor, @Param('id', id) studyId: string, @Req() req: EdgeRequest) {
    return this.audited(actor, req, 'read', this.bus.call(actor, C.get, { id: studyId }));
  }

  @Post('worklist/claim')
  @Operation({
    id: 'claimNextStudy',
    summary:
      'Claim the next study of the caller’s reading centers (STAT, urgent, routine, then oldest) under an exclusive lease',
    description: '`study` is null when nothing is queued for the caller’s centers.',
    access: READERS,
    body: claimBody,
    response: C.claimNext.response,
  })
  claim(@CurrentActor() actor: Actor, @Body(new ZodPipe(claimBody)) b: z.output<typeof claimBody>) {
    return this.bus.call(actor, C.claimNext, b);
  }

  @Post('studies/:id/heartbeat')
  @step(
    'renewStudyLease',
    'Keep the lease on a claimed study',
    body.heartbeat,
    'Only the lease holder (409 when the lease expired).',
  )
  heartbeat(
    @CurrentActor() actor: Actor,
    @Param('id', id) studyId: string,
    @Body(new ZodPipe(body.heartbeat)) b: z.output<typeof body.heartbeat>,
    @Req() req: EdgeRequest,
  ) {
    return this.run(actor, req, C.heartbeat, { ...b, studyId });
  }

  @Post('studies/:id/release')
  @step(
    'releaseStudy',
    'Give a claimed study back to the queue',
    body.release,
    'Only the lease holder.',
  )
  release(
    @CurrentActor() actor: Actor,
    @Param('id', id) studyId: string,
    @Body(new ZodPipe(body.release)) b: z.output<typeof body.release>,
    @Req() req: EdgeRequest,
  ) {
    return this.run(actor, req, C.release, { ...b, studyId });
  }

  @Post('studies/:id/send-back')
  @step(
    'sendStudyBack',
    'Send the study back to the clinic for re-examination, with a reason',
    body.sendBack,
    'Only the lease holder; the clinic may request a reading again.',
  )
  sendBack(
    @CurrentActor() actor: Actor,
    @Param('id', id) studyId: string,
    @Body(new ZodPipe(body.sendBack)) b: z.output<typeof body.sendBack>,
    @Req() req: EdgeRequest,
  ) {
    return this.run(actor, req, C.sendBack, { ...b, studyId });
  }

  @Post('studies/:id/report/draft')
  @step(
    'saveReportDraft',
    'Write or rewrite the draft report (findings, impression)',
    body.draft,
    'Only the lease holder.',
  )
  draft(
    @CurrentActor() actor: Actor,
    @Param('id', id) studyId: string,
    @Body(new ZodPipe(body.draft)) b: z.output<typeof body.draft>,
    @Req() req: EdgeRequest,
  ) {
    return this.run(actor, req, C.saveDraft, { ...b, studyId });
  }

  @Post('studies/:id/report/sign')
  @step(
    'signReport',
    'Sign the draft: preliminary, or final where the center needs no senior approval',
    body.sign,
    'Only the lease holder who wrote the draft.',
  )
  sign(
    @CurrentActor() actor: Actor,
    @Param('id', id) studyId: string,
    @Body(new ZodPipe(body.sign)) b: z.output<typeof body.sign>,
    @Req() req: EdgeRequest,
  ) {
    return this.run(actor, req, C.sign, { ...b, studyId });
  }

  @Post('studies/:id/report/approve')
  @step(
    'approveReport',
    'Approve a preliminary report, making it final (审核)',
    body.approve,
    'A senior reader of the study’s center who did not write it.',
  )
  approve(
    @CurrentActor() actor: Actor,
    @Param('id', id) studyId: string,
    @Body(new ZodPipe(body.approve)) b: z.output<typeof body.approve>,
    @Req() req: EdgeRequest,
  ) {
    return this.run(actor, req, C.approve, { ...b, studyId });
  }

  @Post('studies/:id/report/amend')
  @step(
    'amendReport',
    'Amend a final report: a new version with a reason; earlier ones stay, superseded',
    body.amend,
    'A reader of the study’s center.',
  )
  amend(
    @CurrentActor() actor: Actor,
    @Param('id', id) studyId: string,
    @Body(new ZodPipe(body.amend)) b: z.output<typeof body.amend>,
    @Req() req: EdgeRequest,
  ) {
    return this.run(actor, req, C.amend, { ...b, studyId });
  }

  @Post('diagnosis-sweep')
  @Operation({
    id: 'runDiagnosisSweep',
    summary:
      'Run the reading time sweep now (expired leases back to the queue, turnaround escalation)',
    access: { roles: ['community_admin'] },
    response: C.sweep.response,
  })
  sweep(@CurrentActor() actor: Actor) {
    return this.bus.call(actor, C.sweep, {});
  }
}

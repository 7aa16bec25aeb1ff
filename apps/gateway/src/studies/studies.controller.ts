import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Actor, DiagnosisContracts, uploadBatchSchema, uploadedInstanceSchema } from '@app/shared';
import { AuditService } from '../audit/audit.service';
import { CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { Operation } from '../common/operation';
import { requestOrigin } from '../common/request-context';
import { ZodPipe } from '../common/zod.pipe';
import { IdempotentByContent } from '../edge/idempotency.interceptor';
import { UploadService } from './upload.service';

const listQuery = DiagnosisContracts.listStudies.request;
const indicatorsQuery = DiagnosisContracts.indicators.request;

@ApiTags('studies')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/studies')
export class StudiesController {
  constructor(
    private readonly bus: BusCaller,
    private readonly uploads: UploadService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Operation({
    id: 'listStudies',
    summary: "Studies submitted by the caller's institution (readers: their community's)",
    access: {
      roles: ['clinician', 'reader', 'senior_reader', 'community_admin'],
      scope: 'studies:read',
    },
    query: listQuery,
    response: DiagnosisContracts.listStudies.response,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(listQuery, 'query')) q: z.output<typeof listQuery>,
  ) {
    return this.bus.call(actor, DiagnosisContracts.listStudies, q);
  }

  @Get('indicators')
  @Operation({
    id: 'diagnosisIndicators',
    summary:
      'I1 remote-diagnosis indicators for a period: per 10,000 residents (seed 004), 基层检查、上级诊断 patients, turnaround percentiles per priority, volumes per clinic and reader',
    description:
      "One 人次 (seed 004 附件2 5(1)) is one study finalized in the period by a reading center of another institution. The per-10,000 figure divides by the community's 常住人口; with `institutionId` the count follows the filter and the rate is null (an institution has no population of its own); `district` (community admins) covers every community of the district over the district's 常住人口. \"基层检查、上级诊断\" patients (seed 004 附件1 6) are distinct patients examined at a primary-level institution and read at a higher-level one; studies without a linked patient are counted apart; the seed's bands come with the figure. Turnaround is grouped by the priority requested; later raises are in `bumped` and `priorityBumps`. The seeds' other indicators (基层诊疗人次占比, 医保 and income ratios, 心电设备村级配备率, …) need data the platform does not hold: see docs/indicators.md.",
    access: {
      roles: ['community_admin', 'clinician', 'reader', 'senior_reader'],
      scope: 'studies:read',
    },
    query: indicatorsQuery,
    response: DiagnosisContracts.indicators.response,
    errors: [404],
  })
  indicators(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(indicatorsQuery, 'query')) q: z.output<typeof indicatorsQuery>,
  ) {
    return this.bus.call(actor, DiagnosisContracts.indicators, q);
  }

  @Post('instances')
  @Operation({
    id: 'uploadInstances',
    summary: 'Upload DICOM Part 10 instances (one, or a batch as multipart)',
    description:
      'Streamed to storage: one instance as application/dicom (201 new, 200 when the SOP Instance UID was already stored) or many as multipart/related; type="application/dicom" or multipart/form-data (200 all stored, 202 some refused, each with its reason). Idempotent by SOP Instance UID, so the Idempotency-Key header is refused (400) here. A body that does not start as DICOM Part 10 is refused before anything is written; 507 when storage is short.',
    access: { roles: ['clinician'], scope: 'studies:write' },
    binaryBody: {
      types: ['application/dicom', 'multipart/related', 'multipart/form-data'],
      description:
        'One DICOM Part 10 file, or several as multipart/related; type="application/dicom" (or multipart/form-data)',
    },
    status: 201,
    response: uploadedInstanceSchema,
    also: [
      {
        status: 200,
        description: 'Already stored (one instance), or a batch all stored',
        response: z.union([uploadedInstanceSchema, uploadBatchSchema]),
      },
      {
        status: 202,
        description: 'A batch of which some parts were refused',
        response: uploadBatchSchema,
      },
    ],
    errors: [413, 415, 507],
  })
  @IdempotentByContent(
    'uploads are idempotent by SOP Instance UID: re-sending an instance answers 200 with the one stored',
  )
  @ApiConsumes('application/dicom', 'multipart/related', 'multipart/form-data')
  async upload(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const outcome = await this.uploads.upload(actor, req);
    // Who added to which study, as STOW-RS records it: one row per study of the request.
    const stored = 'stored' in outcome.body ? outcome.body.stored : [outcome.body];
    const studyIds = new Set(stored.flatMap((r) => ('studyId' in r ? [r.studyId] : [])));
    await this.audit.recordMany(
      actor,
      [...studyIds].map((id) => ({
        action: 'create' as const,
        resourceType: 'ImagingStudy',
        resourceId: id,
      })),
      requestOrigin(req),
    );
    res.status(outcome.status);
    return outcome.body;
  }
}

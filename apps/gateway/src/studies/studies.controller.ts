import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Actor, DiagnosisContracts } from '@app/shared';
import { Access, CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
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
  ) {}

  @Get()
  @Access({
    roles: ['clinician', 'reader', 'senior_reader', 'community_admin'],
    scope: 'studies:read',
  })
  @ApiOperation({
    summary: "Studies submitted by the caller's institution (readers: their community's)",
  })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(listQuery, 'query')) q: z.output<typeof listQuery>,
  ) {
    return this.bus.call(actor, DiagnosisContracts.listStudies, q);
  }

  @Get('indicators')
  @Access({
    roles: ['community_admin', 'clinician', 'reader', 'senior_reader'],
    scope: 'studies:read',
  })
  @ApiOperation({
    summary:
      'I1 remote-diagnosis indicators for a period: per 10,000 residents (seed 004), 基层检查、上级诊断 patients, turnaround percentiles per priority, volumes per clinic and reader',
  })
  indicators(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(indicatorsQuery, 'query')) q: z.output<typeof indicatorsQuery>,
  ) {
    return this.bus.call(actor, DiagnosisContracts.indicators, q);
  }

  @Post('instances')
  @Access({ roles: ['clinician'], scope: 'studies:write' })
  @IdempotentByContent(
    'uploads are idempotent by SOP Instance UID: re-sending an instance answers 200 with the one stored',
  )
  @ApiConsumes('application/dicom', 'multipart/related', 'multipart/form-data')
  @ApiOperation({
    summary:
      'Upload DICOM Part 10 instances, streamed to storage: one as application/dicom (201 new, 200 when the SOP Instance UID was already stored) or many as multipart/related; type="application/dicom" or multipart/form-data (200 all stored, 202 some refused, each with its reason)',
  })
  async upload(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const outcome = await this.uploads.upload(actor, req);
    res.status(outcome.status);
    return outcome.body;
  }
}

import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Actor, DiagnosisContracts } from '@app/shared';
import { Access, CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { ZodPipe } from '../common/zod.pipe';
import { UploadService } from './upload.service';

const listQuery = DiagnosisContracts.listStudies.request;

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

  @Post('instances')
  @Access({ roles: ['clinician'], scope: 'studies:write' })
  @ApiConsumes('application/dicom')
  @ApiOperation({
    summary:
      'Upload one DICOM Part 10 instance (streamed to storage); 201 new, 200 when the SOP Instance UID was already stored',
  })
  async upload(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const registered = await this.uploads.uploadOne(actor, req);
    res.status(registered.created ? 201 : 200);
    const { duplicateBlobKey: _ignored, ...body } = registered;
    return body;
  }
}

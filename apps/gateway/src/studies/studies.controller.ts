import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Actor, DiagnosisContracts } from '@app/shared';
import { Access, CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { ZodPipe } from '../common/zod.pipe';

const listQuery = DiagnosisContracts.listStudies.request;

@ApiTags('studies')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/studies')
export class StudiesController {
  constructor(private readonly bus: BusCaller) {}

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
}

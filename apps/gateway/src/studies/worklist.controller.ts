import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Actor, studyDetailSchema, WorklistContracts as C, worklistQuerySchema } from '@app/shared';
import { AuditService } from '../audit/audit.service';
import { CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { Operation } from '../common/operation';
import { EdgeRequest, requestOrigin } from '../common/request-context';
import { ZodPipe } from '../common/zod.pipe';

const READERS = { roles: ['reader' as const, 'senior_reader' as const] };

/** D3 as a reader works: see the queue of one's centers, then claim the next or a chosen study. */
@ApiTags('reading')
@ApiBearerAuth()
@Controller('api/v1')
export class WorklistController {
  constructor(
    private readonly bus: BusCaller,
    private readonly audit: AuditService,
  ) {}

  @Get('worklist')
  @Operation({
    id: 'getWorklist',
    summary:
      'The claimable studies of the caller’s reading centers (or one), in queue order: priority, 签约 first, then age',
    description:
      'Each item has its priority, age in minutes, due time and whether it is overdue. Claim the next with POST /worklist/claim (optionally naming centerId) or a chosen one with POST /studies/{id}/claim.',
    access: READERS,
    query: worklistQuerySchema,
    response: C.list.response,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(worklistQuerySchema, 'query')) q: z.output<typeof worklistQuerySchema>,
  ) {
    return this.bus.call(actor, C.list, q);
  }

  @Post('studies/:id/claim')
  @Operation({
    id: 'claimStudy',
    summary: 'Claim a study picked from the worklist, under an exclusive lease',
    description:
      '409 when another reader claimed it first or it is no longer queued; 404 when it is not at one of the caller’s centers.',
    access: READERS,
    uuidParams: ['id'],
    response: studyDetailSchema,
    errors: [404, 409],
  })
  async claim(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) studyId: string,
    @Req() req: EdgeRequest,
  ) {
    const study = await this.bus.call(actor, C.claim, { studyId });
    await this.audit.record(
      actor,
      {
        action: 'update',
        resourceType: 'ImagingStudy',
        resourceId: study.id,
        patientId: study.patientId,
      },
      requestOrigin(req),
    );
    return study;
  }
}

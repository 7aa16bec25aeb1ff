import { Body, Controller, Get, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  Actor,
  centerSettingsSchema,
  ReadingCenterContracts as C,
  updateCenterSettingsSchema,
} from '@app/shared';
import { CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { Operation } from '../common/operation';
import { ZodPipe } from '../common/zod.pipe';

const id = new ParseUUIDPipe();

/** D3/D5 settings of a reading center, set by the community admin (issue 12, item 12). */
@ApiTags('reading')
@ApiBearerAuth()
@Controller('api/v1/reading-centers')
export class ReadingCentersController {
  constructor(private readonly bus: BusCaller) {}

  @Get(':id/settings')
  @Operation({
    id: 'getReadingCenterSettings',
    summary:
      'Turnaround targets per priority (minutes from the request), senior approval and lease length of a reading center',
    access: { roles: ['clinician', 'reader', 'senior_reader', 'community_admin'] },
    uuidParams: ['id'],
    response: centerSettingsSchema,
    errors: [404],
  })
  get(@CurrentActor() actor: Actor, @Param('id', id) centerId: string) {
    return this.bus.call(actor, C.getSettings, { centerId });
  }

  @Patch(':id/settings')
  @Operation({
    id: 'updateReadingCenterSettings',
    summary: 'Community admin: change a reading center’s targets, approval rule or lease length',
    description:
      'Targets must not shrink with urgency (STAT ≤ URGENT ≤ ROUTINE). They apply to reading requests made afterwards; a raised priority (analyzer, breach) recomputes the due time from them.',
    access: { roles: ['community_admin'] },
    body: updateCenterSettingsSchema,
    uuidParams: ['id'],
    response: centerSettingsSchema,
    errors: [404],
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', id) centerId: string,
    @Body(new ZodPipe(updateCenterSettingsSchema))
    changes: z.output<typeof updateCenterSettingsSchema>,
  ) {
    return this.bus.call(actor, C.updateSettings, { centerId, changes });
  }
}

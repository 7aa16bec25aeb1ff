import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  type Actor,
  listOf,
  modalityQuerySchema,
  modalityViewSchema,
  type NewModality,
  newModalitySchema,
  type UpdateModality,
  updateModalitySchema,
} from '@app/shared';
import { AuditOrigin } from '../../audit/audit.service';
import { CurrentActor } from '../../auth/access.decorator';
import { Operation } from '../../common/operation';
import { IdParam, Origin } from '../../common/route-params';
import { ZodPipe } from '../../common/zod.pipe';
import { ADMIN } from '../admin-access';
import { ModalitiesService } from './modalities.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/modalities')
export class ModalitiesController {
  constructor(private readonly modalities: ModalitiesService) {}

  @Get()
  @Operation({
    id: 'adminListModalities',
    summary: "DICOM modalities (AE titles) of the admin's community, disabled included",
    access: ADMIN,
    query: modalityQuerySchema,
    response: listOf(modalityViewSchema),
  })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(modalityQuerySchema, 'query')) q: z.infer<typeof modalityQuerySchema>,
  ) {
    return this.modalities.list(actor, q.institutionId);
  }

  @Post()
  @Operation({
    id: 'adminCreateModality',
    summary: 'Register a modality: its calling AE title may then store studies for the institution',
    access: ADMIN,
    body: newModalitySchema,
    response: modalityViewSchema,
    status: 201,
    errors: [409],
  })
  create(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(newModalitySchema)) body: NewModality,
    @Origin() origin: AuditOrigin,
  ) {
    return this.modalities.create(actor, body, origin);
  }

  @Get(':id')
  @Operation({
    id: 'adminGetModality',
    summary: "A modality of the admin's community",
    access: ADMIN,
    uuidParams: ['id'],
    response: modalityViewSchema,
    errors: [404],
  })
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.modalities.get(actor, id);
  }

  @Patch(':id')
  @Operation({
    id: 'adminUpdateModality',
    summary: 'Change a modality’s AE title, name or allowed address',
    access: ADMIN,
    uuidParams: ['id'],
    body: updateModalitySchema,
    response: modalityViewSchema,
    errors: [404, 409],
  })
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body(new ZodPipe(updateModalitySchema)) body: UpdateModality,
    @Origin() origin: AuditOrigin,
  ) {
    return this.modalities.update(actor, id, body, origin);
  }

  @Post(':id/disable')
  @Operation({
    id: 'adminDisableModality',
    summary: 'Refuse associations from this modality from now on (kept for history)',
    access: ADMIN,
    uuidParams: ['id'],
    response: modalityViewSchema,
    errors: [404],
  })
  disable(@CurrentActor() actor: Actor, @IdParam() id: string, @Origin() origin: AuditOrigin) {
    return this.modalities.setActive(actor, id, false, origin);
  }

  @Post(':id/enable')
  @Operation({
    id: 'adminEnableModality',
    summary: 'Accept associations from a disabled modality again',
    access: ADMIN,
    uuidParams: ['id'],
    response: modalityViewSchema,
    errors: [404],
  })
  enable(@CurrentActor() actor: Actor, @IdParam() id: string, @Origin() origin: AuditOrigin) {
    return this.modalities.setActive(actor, id, true, origin);
  }
}

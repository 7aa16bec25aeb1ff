import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  type Actor,
  hl7ClientQuerySchema,
  hl7ClientViewSchema,
  hl7OutboundQuerySchema,
  hl7OutboundViewSchema,
  listOf,
  type NewHl7Client,
  newHl7ClientSchema,
  type UpdateHl7Client,
  updateHl7ClientSchema,
} from '@app/shared';
import { AuditOrigin } from '../audit/audit.service';
import { CurrentActor } from '../auth/access.decorator';
import { Operation } from '../common/operation';
import { IdParam, Origin } from '../common/route-params';
import { ZodPipe } from '../common/zod.pipe';
import { ADMIN } from '../admin/admin-access';
import { Hl7ClientsService } from './hl7-clients.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/hl7-clients')
export class Hl7ClientsController {
  constructor(private readonly clients: Hl7ClientsService) {}

  @Get()
  @Operation({
    id: 'adminListHl7Clients',
    summary: "HL7 v2 clients (HIS engines) of the admin's community, disabled included",
    access: ADMIN,
    query: hl7ClientQuerySchema,
    response: listOf(hl7ClientViewSchema),
  })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(hl7ClientQuerySchema, 'query')) q: z.infer<typeof hl7ClientQuerySchema>,
  ) {
    return this.clients.list(actor, q.institutionId);
  }

  @Post()
  @Operation({
    id: 'adminCreateHl7Client',
    summary:
      'Register an HL7 client: its MSH-3/MSH-4 may then send ADT and ORM for the institution',
    access: ADMIN,
    body: newHl7ClientSchema,
    response: hl7ClientViewSchema,
    status: 201,
    errors: [409],
  })
  create(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(newHl7ClientSchema)) body: NewHl7Client,
    @Origin() origin: AuditOrigin,
  ) {
    return this.clients.create(actor, body, origin);
  }

  @Get(':id')
  @Operation({
    id: 'adminGetHl7Client',
    summary: "An HL7 client of the admin's community",
    access: ADMIN,
    uuidParams: ['id'],
    response: hl7ClientViewSchema,
    errors: [404],
  })
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.clients.get(actor, id);
  }

  @Patch(':id')
  @Operation({
    id: 'adminUpdateHl7Client',
    summary: 'Change an HL7 client’s identity, address, reading center or result destination',
    access: ADMIN,
    uuidParams: ['id'],
    body: updateHl7ClientSchema,
    response: hl7ClientViewSchema,
    errors: [404, 409],
  })
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body(new ZodPipe(updateHl7ClientSchema)) body: UpdateHl7Client,
    @Origin() origin: AuditOrigin,
  ) {
    return this.clients.update(actor, id, body, origin);
  }

  @Post(':id/disable')
  @Operation({
    id: 'adminDisableHl7Client',
    summary: 'Refuse messages from this HL7 client from now on (AR); hold its results',
    access: ADMIN,
    uuidParams: ['id'],
    response: hl7ClientViewSchema,
    errors: [404],
  })
  disable(@CurrentActor() actor: Actor, @IdParam() id: string, @Origin() origin: AuditOrigin) {
    return this.clients.setActive(actor, id, false, origin);
  }

  @Post(':id/enable')
  @Operation({
    id: 'adminEnableHl7Client',
    summary: 'Take messages from a disabled HL7 client again',
    access: ADMIN,
    uuidParams: ['id'],
    response: hl7ClientViewSchema,
    errors: [404],
  })
  enable(@CurrentActor() actor: Actor, @IdParam() id: string, @Origin() origin: AuditOrigin) {
    return this.clients.setActive(actor, id, true, origin);
  }

  @Get(':id/deliveries')
  @Operation({
    id: 'adminListHl7Deliveries',
    summary: 'Results (ORU^R01) sent or waiting for this HL7 client, newest first',
    access: ADMIN,
    uuidParams: ['id'],
    query: hl7OutboundQuerySchema,
    response: listOf(hl7OutboundViewSchema),
    errors: [404],
  })
  deliveries(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query(new ZodPipe(hl7OutboundQuerySchema, 'query')) q: z.infer<typeof hl7OutboundQuerySchema>,
  ) {
    return this.clients.deliveries(actor, id, q.status, q.limit);
  }
}

import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  Actor,
  ExamOrder,
  ExamOrderContracts as C,
  examOrderQuerySchema,
  examOrderSchema,
  newExamOrderSchema,
  pageOf,
} from '@app/shared';
import { AuditService } from '../audit/audit.service';
import { CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { Operation } from '../common/operation';
import { EdgeRequest, requestOrigin } from '../common/request-context';
import { ZodPipe } from '../common/zod.pipe';
import { PatientsService } from '../patients/patients.service';

const orderBody = newExamOrderSchema.omit({ familyDoctorSigned: true });
const cancelBody = C.cancel.request.omit({ id: true });

/**
 * Exams ordered before they are performed (issue 15 item 3): the clinic's 申请单 made ahead of
 * the exam. The modality finds it in its worklist; the study it sends is queued on arrival.
 */
@ApiTags('reading')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/exam-orders')
export class ExamOrdersController {
  constructor(
    private readonly bus: BusCaller,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
  ) {}

  private audited(actor: Actor, req: EdgeRequest, action: 'create' | 'update', order: ExamOrder) {
    return this.audit.recorded(actor, requestOrigin(req), action, 'ServiceRequest', order);
  }

  @Post()
  @Operation({
    id: 'createExamOrder',
    summary:
      'Order an exam ahead of it: offered to the modality worklist, queued when the study arrives',
    description:
      'patientId must be a patient of the caller’s community in the patient index. The answer carries the accession number and the Study Instance UID the modality will use.',
    access: { roles: ['clinician'], scope: 'studies:write' },
    body: orderBody,
    response: examOrderSchema,
    status: 201,
    errors: [409],
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(orderBody)) b: z.output<typeof orderBody>,
    @Req() req: EdgeRequest,
  ) {
    const patient = await this.patients.requireInCommunity(actor, b.patientId);
    const order = await this.bus.call(actor, C.create, {
      ...b,
      familyDoctorSigned: patient.familyDoctorSigned,
    });
    return this.audited(actor, req, 'create', order);
  }

  @Get()
  @Operation({
    id: 'listExamOrders',
    summary: 'The caller’s institution’s exam orders, by scheduled time',
    access: { roles: ['clinician'], scope: 'studies:read' },
    query: examOrderQuerySchema,
    response: pageOf(examOrderSchema),
  })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(examOrderQuerySchema, 'query')) q: z.output<typeof examOrderQuerySchema>,
  ) {
    return this.bus.call(actor, C.list, q);
  }

  @Post(':id/cancel')
  @Operation({
    id: 'cancelExamOrder',
    summary: 'Cancel a scheduled exam order (it leaves the worklist)',
    access: { roles: ['clinician'], scope: 'studies:write' },
    body: cancelBody,
    uuidParams: ['id'],
    response: examOrderSchema,
    errors: [404, 409],
  })
  async cancel(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) orderId: string,
    @Body(new ZodPipe(cancelBody)) b: z.output<typeof cancelBody>,
    @Req() req: EdgeRequest,
  ) {
    const order = await this.bus.call(actor, C.cancel, { id: orderId, reason: b.reason });
    return this.audited(actor, req, 'update', order);
  }
}

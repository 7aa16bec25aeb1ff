import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { type Actor, patientSchema, text } from '@app/shared';
import { CurrentActor } from '../auth/access.decorator';
import { Operation } from '../common/operation';
import { EdgeRequest, requestOrigin as origin } from '../common/request-context';
import { ZodPipe } from '../common/zod.pipe';
import {
  PatientsService,
  RegisterPatient,
  registerPatientSchema,
  UpdatePatient,
  updatePatientSchema,
} from './patients.service';

const CARE_ROLES = ['clinician', 'referral_coordinator', 'reader', 'senior_reader'] as const;
const searchQuery = z.object({ residentId: text(32) });

@ApiTags('patients')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Post()
  @Operation({
    id: 'registerPatient',
    summary:
      'Register a patient (or find the existing record by resident ID); 201 new, 200 existing',
    description:
      'The resident ID is checked (GB 11643), matched by keyed hash, stored encrypted and returned masked.',
    access: { roles: [...CARE_ROLES], scope: 'patients:write' },
    body: registerPatientSchema,
    response: patientSchema,
    status: 201,
    also: [
      { status: 200, description: 'The patient was already registered', response: patientSchema },
    ],
  })
  async register(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(registerPatientSchema)) body: RegisterPatient,
    @Req() req: EdgeRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, patient } = await this.patients.register(actor, body, origin(req));
    res.status(created ? 201 : 200);
    return patient;
  }

  /** POST, not GET: a resident ID must never sit in a URL, where access logs would keep it. */
  @Post('search')
  @Operation({
    id: 'findPatientByResidentId',
    summary: 'Find a patient of the community by resident ID (matched by keyed hash)',
    access: { roles: [...CARE_ROLES], scope: 'patients:read' },
    body: searchQuery,
    response: z.array(patientSchema).describe('The match, or an empty list'),
  })
  search(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(searchQuery)) q: z.infer<typeof searchQuery>,
    @Req() req: EdgeRequest,
  ) {
    return this.patients.findByResidentId(actor, q.residentId, origin(req));
  }

  @Get(':id')
  @Operation({
    id: 'getPatient',
    summary: 'A patient of the community (resident ID masked); every read audited',
    access: { roles: [...CARE_ROLES], scope: 'patients:read' },
    uuidParams: ['id'],
    response: patientSchema,
    errors: [404],
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: EdgeRequest,
  ) {
    return this.patients.get(actor, id, origin(req));
  }

  @Patch(':id')
  @Operation({
    id: 'updatePatient',
    summary:
      'Change a patient’s 签约 (family-doctor) status or phone (stored encrypted, shown masked)',
    description:
      'Seed 001 四(六): 签约 residents come first in the referral inbox, the slot search and the reading queue. `phone: null` clears the number. Audited.',
    access: { roles: ['clinician', 'referral_coordinator'], scope: 'patients:write' },
    body: updatePatientSchema,
    uuidParams: ['id'],
    response: patientSchema,
    errors: [404],
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodPipe(updatePatientSchema)) body: UpdatePatient,
    @Req() req: EdgeRequest,
  ) {
    return this.patients.update(actor, id, body, origin(req));
  }
}

import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { type Actor, text } from '@app/shared';
import { Access, CurrentActor } from '../auth/access.decorator';
import { EdgeRequest, requestOrigin as origin } from '../common/request-context';
import { openApiSchema, ZodPipe } from '../common/zod.pipe';
import { PatientsService, RegisterPatient, registerPatientSchema } from './patients.service';

const CARE_ROLES = ['clinician', 'referral_coordinator', 'reader', 'senior_reader'] as const;
const searchQuery = z.object({ residentId: text(32) });

@ApiTags('patients')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Post()
  @Access({ roles: [...CARE_ROLES], scope: 'patients:write' })
  @ApiOperation({
    summary:
      'Register a patient (or find the existing record by resident ID); 201 new, 200 existing',
  })
  @ApiBody({ schema: openApiSchema(registerPatientSchema) })
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
  @HttpCode(200)
  @Access({ roles: [...CARE_ROLES], scope: 'patients:read' })
  @ApiOperation({
    summary: 'Find a patient of the community by resident ID (matched by keyed hash)',
  })
  @ApiBody({ schema: openApiSchema(searchQuery) })
  search(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(searchQuery)) q: z.infer<typeof searchQuery>,
    @Req() req: EdgeRequest,
  ) {
    return this.patients.findByResidentId(actor, q.residentId, origin(req));
  }

  @Get(':id')
  @Access({ roles: [...CARE_ROLES], scope: 'patients:read' })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: EdgeRequest,
  ) {
    return this.patients.get(actor, id, origin(req));
  }
}

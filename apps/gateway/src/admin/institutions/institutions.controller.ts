import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  type Actor,
  institutionAdminSchema,
  listOf,
  type NewInstitution,
  newInstitutionSchema,
  type UpdateInstitution,
  updateInstitutionSchema,
} from '@app/shared';
import { AuditOrigin } from '../../audit/audit.service';
import { CurrentActor } from '../../auth/access.decorator';
import { Operation } from '../../common/operation';
import { IdParam, Origin } from '../../common/route-params';
import { ZodPipe } from '../../common/zod.pipe';
import { ADMIN } from '../admin-access';
import { InstitutionsService } from './institutions.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/institutions')
export class InstitutionsController {
  constructor(private readonly institutions: InstitutionsService) {}

  @Get()
  @Operation({
    id: 'adminListInstitutions',
    summary: "Every institution of the admin's community, disabled ones included",
    access: ADMIN,
    response: listOf(institutionAdminSchema),
  })
  list(@CurrentActor() actor: Actor) {
    return this.institutions.list(actor);
  }

  @Post()
  @Operation({
    id: 'adminCreateInstitution',
    summary:
      'Add an institution (lead hospital, township center, village clinic…) to the community',
    description:
      'The level follows the type (lead and county hospitals 3, township and community centers 2, village clinics 1); a parent must be of a higher level. Codes are unique across the installation; one lead hospital per community.',
    access: ADMIN,
    body: newInstitutionSchema,
    response: institutionAdminSchema,
    status: 201,
    errors: [409],
  })
  create(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(newInstitutionSchema)) body: NewInstitution,
    @Origin() origin: AuditOrigin,
  ) {
    return this.institutions.create(actor, body, origin);
  }

  @Get(':id')
  @Operation({
    id: 'adminGetInstitution',
    summary: 'An institution of the admin’s community',
    access: ADMIN,
    uuidParams: ['id'],
    response: institutionAdminSchema,
    errors: [404],
  })
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.institutions.get(actor, id);
  }

  @Patch(':id')
  @Operation({
    id: 'adminUpdateInstitution',
    summary: 'Rename an institution or change its parent',
    access: ADMIN,
    uuidParams: ['id'],
    body: updateInstitutionSchema,
    response: institutionAdminSchema,
    errors: [404],
  })
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body(new ZodPipe(updateInstitutionSchema)) body: UpdateInstitution,
    @Origin() origin: AuditOrigin,
  ) {
    return this.institutions.update(actor, id, body, origin);
  }

  @Post(':id/disable')
  @Operation({
    id: 'adminDisableInstitution',
    summary: 'Disable an institution (kept for history; enable it again at any time)',
    access: ADMIN,
    uuidParams: ['id'],
    response: institutionAdminSchema,
    errors: [404],
  })
  disable(@CurrentActor() actor: Actor, @IdParam() id: string, @Origin() origin: AuditOrigin) {
    return this.institutions.setActive(actor, id, false, origin);
  }

  @Post(':id/enable')
  @Operation({
    id: 'adminEnableInstitution',
    summary: 'Enable a disabled institution again',
    access: ADMIN,
    uuidParams: ['id'],
    response: institutionAdminSchema,
    errors: [404],
  })
  enable(@CurrentActor() actor: Actor, @IdParam() id: string, @Origin() origin: AuditOrigin) {
    return this.institutions.setActive(actor, id, true, origin);
  }
}

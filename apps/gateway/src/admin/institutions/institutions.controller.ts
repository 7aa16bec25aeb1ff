import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  type Actor,
  institutionAdminSchema,
  type NewInstitution,
  newInstitutionSchema,
  type UpdateInstitution,
  updateInstitutionSchema,
} from '@app/shared';
import { CurrentActor } from '../../auth/access.decorator';
import { Operation } from '../../common/operation';
import { EdgeRequest, requestOrigin } from '../../common/request-context';
import { ZodPipe } from '../../common/zod.pipe';
import { ADMIN, uuidParam } from '../admin-access';
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
    response: z.object({ items: z.array(institutionAdminSchema) }),
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
    @Req() req: EdgeRequest,
  ) {
    return this.institutions.create(actor, body, requestOrigin(req));
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
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string) {
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
    @Param('id', uuidParam) id: string,
    @Body(new ZodPipe(updateInstitutionSchema)) body: UpdateInstitution,
    @Req() req: EdgeRequest,
  ) {
    return this.institutions.update(actor, id, body, requestOrigin(req));
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
  disable(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam) id: string,
    @Req() req: EdgeRequest,
  ) {
    return this.institutions.setActive(actor, id, false, requestOrigin(req));
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
  enable(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam) id: string,
    @Req() req: EdgeRequest,
  ) {
    return this.institutions.setActive(actor, id, true, requestOrigin(req));
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  type Actor,
  communityDetailSchema,
  communitySchema,
  departmentSchema,
  directoryUserSchema,
  INSTITUTION_KINDS,
  institutionSchema,
} from '@app/shared';
import { CurrentActor } from '../auth/access.decorator';
import { Operation } from '../common/operation';
import { IdParam } from '../common/route-params';
import { ZodPipe } from '../common/zod.pipe';
import { DirectoryService } from './directory.service';

const institutionQuery = z.object({
  type: z.enum(INSTITUTION_KINDS).optional().describe('Only institutions of this type'),
});

@ApiTags('directory')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('communities')
  @Operation({
    id: 'listCommunities',
    summary: "The caller's own community (医共体)",
    access: { scope: 'directory:read' },
    response: z.array(communitySchema),
  })
  communities(@CurrentActor() actor: Actor) {
    return this.directory.communities(actor);
  }

  @Get('communities/:id')
  @Operation({
    id: 'getCommunity',
    summary: 'A community (only the caller’s own)',
    access: { scope: 'directory:read' },
    uuidParams: ['id'],
    response: communityDetailSchema,
    errors: [404],
  })
  community(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.directory.community(actor, id);
  }

  @Get('institutions')
  @Operation({
    id: 'listInstitutions',
    summary: "Institutions of the caller's community",
    access: { scope: 'directory:read' },
    query: institutionQuery,
    response: z.array(institutionSchema),
  })
  institutions(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(institutionQuery, 'query')) q: z.infer<typeof institutionQuery>,
  ) {
    return this.directory.institutions(actor, q.type);
  }

  @Get('institutions/:id')
  @Operation({
    id: 'getInstitution',
    summary: 'An institution of the caller’s community',
    access: { scope: 'directory:read' },
    uuidParams: ['id'],
    response: institutionSchema,
    errors: [404],
  })
  institution(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.directory.institution(actor, id);
  }

  @Get('institutions/:id/departments')
  @Operation({
    id: 'listDepartments',
    summary: 'Departments, wards and reading centers of an institution of the caller’s community',
    access: { scope: 'directory:read' },
    uuidParams: ['id'],
    response: z.array(departmentSchema),
    errors: [404],
  })
  departments(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.directory.departments(actor, id);
  }

  @Get('users')
  @Operation({
    id: 'listUsers',
    summary: "Users of the admin's community",
    access: { roles: ['community_admin'] },
    response: z.array(directoryUserSchema),
  })
  users(@CurrentActor() actor: Actor) {
    return this.directory.users(actor);
  }
}

import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type Actor, text } from '@app/shared';
import { Access, CurrentActor } from '../auth/access.decorator';
import { openApiSchema, ZodPipe } from '../common/zod.pipe';
import { API_SCOPES, DirectoryService } from './directory.service';

const institutionQuery = z.object({
  type: z
    .enum([
      'LEAD_HOSPITAL',
      'COUNTY_HOSPITAL',
      'TOWNSHIP_HEALTH_CENTER',
      'COMMUNITY_HEALTH_CENTER',
      'VILLAGE_CLINIC',
    ])
    .optional(),
});
const newApiClient = z.object({
  name: text(100),
  institutionId: z.string().uuid(),
  scopes: z.array(z.enum(API_SCOPES)).min(1).max(API_SCOPES.length),
});
const uuidParam = new ParseUUIDPipe();

@ApiTags('directory')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('communities')
  @Access({ scope: 'directory:read' })
  @ApiOperation({ summary: "The caller's own community (医共体)" })
  communities(@CurrentActor() actor: Actor) {
    return this.directory.communities(actor);
  }

  @Get('communities/:id')
  @Access({ scope: 'directory:read' })
  community(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string) {
    return this.directory.community(actor, id);
  }

  @Get('institutions')
  @Access({ scope: 'directory:read' })
  @ApiOperation({ summary: "Institutions of the caller's community" })
  institutions(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(institutionQuery, 'query')) q: z.infer<typeof institutionQuery>,
  ) {
    return this.directory.institutions(actor, q.type);
  }

  @Get('institutions/:id')
  @Access({ scope: 'directory:read' })
  institution(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string) {
    return this.directory.institution(actor, id);
  }

  @Get('institutions/:id/departments')
  @Access({ scope: 'directory:read' })
  departments(@CurrentActor() actor: Actor, @Param('id', uuidParam) id: string) {
    return this.directory.departments(actor, id);
  }

  @Get('users')
  @Access({ roles: ['community_admin'] })
  @ApiOperation({ summary: "Users of the admin's community" })
  users(@CurrentActor() actor: Actor) {
    return this.directory.users(actor);
  }

  @Post('api-clients')
  @Access({ roles: ['community_admin'] })
  @ApiOperation({ summary: 'Register an integration engine; the key is returned once' })
  @ApiBody({ schema: openApiSchema(newApiClient) })
  createApiClient(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(newApiClient)) body: z.infer<typeof newApiClient>,
  ) {
    return this.directory.createApiClient(actor, body);
  }
}

import { Controller, Get, Header, Param, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor, AppError } from '@app/shared';
import { Access, CurrentActor } from '../../auth/access.decorator';
import { DirectoryService } from '../../directory/directory.service';
import { searchParamNames } from '../capability';
import { InstitutionRow, toOrganization } from '../fhir-mappers';
import { isUuid, pagedSearchset, parseSearch, token } from '../fhir-search';
import { SYSTEMS } from '../fhir-systems';
import { FHIR_CONTENT_TYPE } from '../operation-outcome';

/** G2a: the community's institutions as Organization, from the gateway's own directory. */
@ApiExcludeController()
@Controller('fhir/Organization')
@Access({ scope: 'fhir:read' })
export class FhirOrganizationController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async search(@CurrentActor() actor: Actor, @Req() req: Request) {
    const search = parseSearch(req, searchParamNames('Organization'));
    const { name, identifier, type } = search.params;
    const id = identifier ? token(identifier) : undefined;
    if (id?.system && id.system !== SYSTEMS.institutionCode)
      throw AppError.validation(
        `Organization identifiers are of system ${SYSTEMS.institutionCode}`,
      );
    const kind = type ? token(type).code : undefined;
    // A community has at most a few hundred institutions: filtered here, after one scoped read.
    const rows = ((await this.directory.institutions(actor, kind)) as InstitutionRow[]).filter(
      (r) =>
        (!name || r.name.toLowerCase().startsWith(name.toLowerCase())) &&
        (!id || r.code === id.code),
    );
    return pagedSearchset(req, 'Organization', search, rows, toOrganization);
  }

  @Get(':id')
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async read(@CurrentActor() actor: Actor, @Param('id') id: string) {
    if (!isUuid(id)) throw AppError.notFound('Organization');
    return toOrganization((await this.directory.institution(actor, id)) as InstitutionRow);
  }
}

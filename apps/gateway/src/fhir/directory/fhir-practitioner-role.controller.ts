import { Controller, Get, Header, Param, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor, AppError, ROLES } from '@app/shared';
import { Access, CurrentActor } from '../../auth/access.decorator';
import { searchParamNames } from '../capability';
import { searchedId } from '../fhir-references';
import { isUuid, parseSearch, searchset, token } from '../fhir-search';
import { SYSTEMS } from '../fhir-systems';
import { FHIR_CONTENT_TYPE } from '../operation-outcome';
import { FhirDirectoryQueries, UserRoleRow } from './fhir-directory.queries';

const ROLE_DISPLAY: Record<string, string> = {
  clinician: '临床医生',
  referral_coordinator: '转诊协调员',
  reader: '诊断医师',
  senior_reader: '上级诊断医师',
  community_admin: '医共体管理员',
};

/** A user's work at an institution; the person is named, never linked to login details. */
export function toPractitionerRole(u: UserRoleRow): fhir4.PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id: u.id,
    active: u.active,
    practitioner: { display: u.displayName },
    organization: { reference: `Organization/${u.institutionId}` },
    code: u.roles.map((r) => ({
      coding: [{ system: SYSTEMS.platformRole, code: r, display: ROLE_DISPLAY[r] ?? r }],
    })),
  };
}

/** G2a PractitionerRole: who works where, in which role, from the gateway's directory. */
@ApiExcludeController()
@Controller('fhir/PractitionerRole')
@Access({ scope: 'fhir:read' })
export class FhirPractitionerRoleController {
  constructor(private readonly directory: FhirDirectoryQueries) {}

  @Get()
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async search(@CurrentActor() actor: Actor, @Req() req: Request) {
    const search = parseSearch(req, searchParamNames('PractitionerRole'));
    const role = search.params.role === undefined ? undefined : token(search.params.role).code;
    if (role !== undefined && !(ROLES as readonly string[]).includes(role))
      throw AppError.validation(`role must be one of ${ROLES.join(', ')}`);
    const { rows, total } = await this.directory.users(actor, {
      institutionId: searchedId(search.params.organization, 'Organization', 'organization'),
      role,
      limit: search.count,
      offset: search.offset,
    });
    return searchset(req, 'PractitionerRole', search, rows.map(toPractitionerRole), total);
  }

  @Get(':id')
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async read(@CurrentActor() actor: Actor, @Param('id') id: string) {
    if (!isUuid(id)) throw AppError.notFound('PractitionerRole');
    return toPractitionerRole(await this.directory.user(actor, id));
  }
}

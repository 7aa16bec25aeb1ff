import { Controller, Get, Header, Param, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor, AppError } from '@app/shared';
import { Access, CurrentActor } from '../auth/access.decorator';
import { requestOrigin } from '../common/request-context';
import { PatientsService } from '../patients/patients.service';
import { searchParamNames } from './capability';
import { PatientRow, toPatient } from './fhir-mappers';
import { isUuid, parseSearch, searchset, token } from './fhir-search';
import { SYSTEMS } from './fhir-systems';
import { FHIR_CONTENT_TYPE } from './operation-outcome';

/**
 * G2a Patient: read, and search by resident ID under its system URI only. The number is
 * matched by its keyed hash and never echoed (Patient.identifier is the masked form); every
 * read and search is audited by PatientsService, as on REST.
 */
@ApiExcludeController()
@Controller('fhir/Patient')
@Access({
  roles: ['clinician', 'referral_coordinator', 'reader', 'senior_reader'],
  scope: 'fhir:read',
})
export class FhirPatientController {
  constructor(private readonly patients: PatientsService) {}

  @Get()
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async search(@CurrentActor() actor: Actor, @Req() req: Request) {
    const search = parseSearch(req, searchParamNames('Patient'));
    const identifier = search.params.identifier;
    if (!identifier)
      throw AppError.validation(
        `Patient search needs identifier=${SYSTEMS.residentId}|<resident ID>: patients are not listed`,
      );
    const id = token(identifier);
    if (id.system !== SYSTEMS.residentId)
      throw AppError.validation(`Search patients by identifier of system ${SYSTEMS.residentId}`);
    const rows = (await this.patients.findByResidentId(
      actor,
      id.code,
      requestOrigin(req),
    )) as PatientRow[];
    // The self link must not carry the resident ID back in clear.
    const shown = { ...search, params: { identifier: `${SYSTEMS.residentId}|(hidden)` } };
    return searchset(req, 'Patient', shown, rows.map(toPatient), rows.length);
  }

  @Get(':id')
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async read(@CurrentActor() actor: Actor, @Req() req: Request, @Param('id') id: string) {
    if (!isUuid(id)) throw AppError.notFound('Patient');
    return toPatient((await this.patients.get(actor, id, requestOrigin(req))) as PatientRow);
  }
}

import { Controller, Get, Header, Param, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor, AppError, DicomwebContracts, QidoFilter, RequestOf } from '@app/shared';
import { Access, CurrentActor } from '../auth/access.decorator';
import { AuditService } from '../audit/audit.service';
import { BusCaller } from '../common/bus-call';
import { requestOrigin } from '../common/request-context';
import { DICOMWEB_READERS, dicomwebBase, studyAudit } from '../dicomweb/dicomweb-base';
import { searchParamNames } from './capability';
import { toImagingStudy } from './fhir-mappers';
import { FhirSearch, isUuid, parseSearch, searchset, token } from './fhir-search';
import { FHIR_CONTENT_TYPE } from './operation-outcome';

type Query = RequestOf<typeof DicomwebContracts.search>;

/** `started=ge2026-11-01` → a StudyDate range; day granularity, as DICOM dates are. */
function startedFilter(value: string): QidoFilter {
  const m = /^(eq|ge|le|gt|lt)?(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const day = m && new Date(Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4])));
  if (!m || !day || day.getUTCMonth() !== Number(m[3]) - 1 || day.getUTCDate() !== Number(m[4]))
    throw AppError.validation('started must be [eq|ge|le|gt|lt]YYYY-MM-DD');
  const shift = (days: number) =>
    new Date(day.getTime() + days * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const d = shift(0);
  const prefix = m[1] ?? 'eq';
  const from = prefix === 'eq' || prefix === 'ge' ? d : prefix === 'gt' ? shift(1) : null;
  const to = prefix === 'eq' || prefix === 'le' ? d : prefix === 'lt' ? shift(-1) : null;
  return { tag: '00080020', kind: 'range', from, to };
}

function queryOf(search: FhirSearch): Query {
  const { patient, modality, started } = search.params;
  const filters: QidoFilter[] = [];
  if (modality)
    filters.push({ tag: '00080061', kind: 'list', values: [token(modality).code.toUpperCase()] });
  if (started) filters.push(startedFilter(started));
  const patientId = patient?.replace(/^Patient\//, '');
  if (patientId !== undefined && !isUuid(patientId))
    throw AppError.validation('patient must be Patient/<id> or <id>');
  return {
    level: 'study',
    filters,
    patientId: patientId ?? null,
    limit: search.count,
    offset: search.offset,
  };
}

/**
 * G2a ImagingStudy: the studies the actor may see (the DICOMweb index and its scoping), each
 * with its DICOMweb endpoint; searches and reads are audited as QIDO's are.
 */
@ApiExcludeController()
@Controller('fhir/ImagingStudy')
@Access({ roles: DICOMWEB_READERS.roles, scope: 'fhir:read' })
export class FhirImagingStudyController {
  constructor(
    private readonly bus: BusCaller,
    private readonly audit: AuditService,
  ) {}

  private async find(actor: Actor, req: Request, query: Query) {
    const result = await this.bus.call(actor, DicomwebContracts.search, query);
    await this.audit.recordMany(
      actor,
      studyAudit('search', result.itemStudies),
      requestOrigin(req),
    );
    const dicomweb = dicomwebBase(req);
    const resources = result.items.map((item, i) =>
      toImagingStudy(item, result.itemStudies[i], dicomweb),
    );
    return { resources, total: result.total ?? resources.length };
  }

  @Get()
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async search(@CurrentActor() actor: Actor, @Req() req: Request) {
    const search = parseSearch(req, searchParamNames('ImagingStudy'));
    const { resources, total } = await this.find(actor, req, queryOf(search));
    return searchset(req, 'ImagingStudy', search, resources, total);
  }

  @Get(':id')
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async read(@CurrentActor() actor: Actor, @Req() req: Request, @Param('id') id: string) {
    if (!isUuid(id)) throw AppError.notFound('ImagingStudy');
    const { resources } = await this.find(actor, req, { level: 'study', studyId: id, limit: 1 });
    if (!resources[0]) throw AppError.notFound('ImagingStudy');
    return resources[0];
  }
}

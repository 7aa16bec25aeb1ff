import { Controller, Get, Header, Param, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor, AppError, DiagnosisRecordContracts as C, RequestOf } from '@app/shared';
import { AuditService } from '../../audit/audit.service';
import { Access, CurrentActor } from '../../auth/access.decorator';
import { BusCaller } from '../../common/bus-call';
import { requestOrigin } from '../../common/request-context';
import { DICOMWEB_READERS } from '../../dicomweb/dicomweb-base';
import { searchParamNames } from '../capability';
import { dateRange } from '../fhir-dates';
import { searchedId } from '../fhir-references';
import { FhirSearch, isUuid, parseSearch, searchset, token } from '../fhir-search';
import { FHIR_CONTENT_TYPE } from '../operation-outcome';
import { toDiagnosticReport, toFlag } from './diagnosis-resources';

const READERS = { roles: DICOMWEB_READERS.roles, scope: 'fhir:read' as const };

const paging = (s: FhirSearch) => ({ limit: Math.max(1, s.count), offset: s.offset });

/** Exactly true/false from a token search value, or a 400 naming what is allowed. */
function statusFlag(value: string | undefined, yes: string, no: string): boolean | undefined {
  if (value === undefined) return undefined;
  const code = token(value).code;
  if (code !== yes && code !== no) throw AppError.validation(`status must be ${no} or ${yes}`);
  return code === yes;
}

/**
 * G2a DiagnosticReport (final and amended reports) and Flag (critical findings), scoped by the
 * remote-diagnosis service as a study is; every report or finding returned is audited.
 */
@ApiExcludeController()
@Controller('fhir')
@Access(READERS)
export class FhirDiagnosisController {
  constructor(
    private readonly bus: BusCaller,
    private readonly audit: AuditService,
  ) {}

  private async reports(actor: Actor, req: Request, q: RequestOf<typeof C.searchReports>) {
    const page = await this.bus.call(actor, C.searchReports, q);
    await this.audit.recordMany(
      actor,
      page.items.map((r) => ({
        action: 'read' as const,
        resourceType: 'Report',
        resourceId: r.studyId,
        patientId: r.patientId,
      })),
      requestOrigin(req),
    );
    return page;
  }

  @Get('DiagnosticReport')
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async searchReports(@CurrentActor() actor: Actor, @Req() req: Request) {
    const s = parseSearch(req, searchParamNames('DiagnosticReport'));
    const issued = s.params.date ? dateRange(s.params.date, 'date') : {};
    const page = await this.reports(actor, req, {
      ...paging(s),
      patientId: searchedId(s.params.patient, 'Patient', 'patient'),
      amended: statusFlag(s.params.status, 'amended', 'final'),
      issuedFrom: issued.from,
      issuedTo: issued.to,
    });
    const items = s.count === 0 ? [] : page.items;
    return searchset(req, 'DiagnosticReport', s, items.map(toDiagnosticReport), page.total);
  }

  @Get('DiagnosticReport/:id')
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async readReport(@CurrentActor() actor: Actor, @Req() req: Request, @Param('id') id: string) {
    if (!isUuid(id)) throw AppError.notFound('DiagnosticReport');
    const page = await this.reports(actor, req, { limit: 1, offset: 0, studyId: id });
    if (!page.items[0]) throw AppError.notFound('DiagnosticReport');
    return toDiagnosticReport(page.items[0]);
  }

  @Get('Flag')
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async searchFlags(@CurrentActor() actor: Actor, @Req() req: Request) {
    const s = parseSearch(req, searchParamNames('Flag'));
    const page = await this.bus.call(actor, C.searchCritical, {
      ...paging(s),
      patientId: searchedId(s.params.patient, 'Patient', 'patient'),
      open: statusFlag(s.params.status, 'active', 'inactive'),
    });
    const items = s.count === 0 ? [] : page.items;
    await this.auditFlags(actor, req, items);
    return searchset(req, 'Flag', s, items.map(toFlag), page.total);
  }

  @Get('Flag/:id')
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async readFlag(@CurrentActor() actor: Actor, @Req() req: Request, @Param('id') id: string) {
    if (!isUuid(id)) throw AppError.notFound('Flag');
    const page = await this.bus.call(actor, C.searchCritical, {
      limit: 1,
      offset: 0,
      findingId: id,
    });
    if (!page.items[0]) throw AppError.notFound('Flag');
    await this.auditFlags(actor, req, page.items);
    return toFlag(page.items[0]);
  }

  private auditFlags(
    actor: Actor,
    req: Request,
    items: { id: string; patientId: string | null }[],
  ) {
    return this.audit.recordMany(
      actor,
      items.map((f) => ({
        action: 'read' as const,
        resourceType: 'CriticalFinding',
        resourceId: f.id,
        patientId: f.patientId,
      })),
      requestOrigin(req),
    );
  }
}

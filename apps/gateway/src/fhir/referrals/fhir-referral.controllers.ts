import {
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { applyPatch, JsonPatchError, type Operation } from 'fast-json-patch';
import { Actor, AppError, ReferralDetail } from '@app/shared';
import { Access, CurrentActor } from '../../auth/access.decorator';
import { searchParamNames } from '../capability';
import { fhirBody, jsonPatchBody } from '../fhir-body';
import { fhirBase, isUuid, parseSearch, searchset } from '../fhir-search';
import { FHIR_CONTENT_TYPE } from '../operation-outcome';
import { FhirReferralsService } from './fhir-referrals.service';
import { toServiceRequest, toTask } from './referral-resources';

const CARE = ['clinician', 'referral_coordinator'] as const;
export const REFERRAL_READERS = {
  roles: [...CARE, 'community_admin' as const],
  scope: 'fhir:read' as const,
};
export const REFERRAL_WRITERS = { roles: [...CARE], scope: 'fhir:write' as const };

const withVersion = (res: Response, resource: fhir4.Resource) => {
  res.setHeader('ETag', `W/"${resource.meta?.versionId ?? '1'}"`);
  if (resource.meta?.lastUpdated)
    res.setHeader('Last-Modified', new Date(resource.meta.lastUpdated).toUTCString());
  return resource;
};

type ReferralView<T> = (r: ReferralDetail) => T;

/**
 * Search and read are the same for both views of a referral; only the resource type and the
 * mapping differ, so each view's controller extends this one (Nest routes inherited methods).
 */
abstract class FhirReferralViewController<T extends fhir4.Task | fhir4.ServiceRequest> {
  protected constructor(
    protected readonly referrals: FhirReferralsService,
    private readonly type: 'Task' | 'ServiceRequest',
    protected readonly view: ReferralView<T>,
  ) {}

  @Get()
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async search(@CurrentActor() actor: Actor, @Req() req: Request) {
    const search = parseSearch(req, searchParamNames(this.type));
    const { details, total } = await this.referrals.search(actor, req, this.type, search);
    return searchset(req, this.type, search, details.map(this.view), total);
  }

  @Get(':id')
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async read(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Param('id') id: string,
  ) {
    if (!isUuid(id)) throw AppError.notFound(this.type);
    return withVersion(res, this.view(await this.referrals.get(actor, req, id)));
  }
}

/** G2a Task: the referral's workflow; a status update is a lifecycle step (R6). */
@ApiExcludeController()
@Controller('fhir/Task')
@Access(REFERRAL_READERS)
export class FhirTaskController extends FhirReferralViewController<fhir4.Task> {
  constructor(referrals: FhirReferralsService) {
    super(referrals, 'Task', toTask);
  }

  @Put(':id')
  @Access(REFERRAL_WRITERS)
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async update(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Param('id') id: string,
  ) {
    if (!isUuid(id)) throw AppError.notFound('Task');
    const body = fhirBody(req);
    return withVersion(res, toTask(await this.referrals.updateTask(actor, req, id, body)));
  }

  /** JSON Patch on the Task as it is now, then the same as PUT (FHIR R4 3.1.0.6). */
  @Patch(':id')
  @Access(REFERRAL_WRITERS)
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async patch(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Param('id') id: string,
  ) {
    if (!isUuid(id)) throw AppError.notFound('Task');
    const ops = jsonPatchBody(req) as Operation[];
    const current = toTask(await this.referrals.get(actor, req, id));
    let next: fhir4.Task;
    try {
      next = applyPatch(structuredClone(current), ops, true, false).newDocument;
    } catch (e) {
      const message = e instanceof JsonPatchError ? e.message.split('\n')[0] : 'invalid patch';
      throw AppError.validation(`The JSON Patch cannot be applied: ${message.slice(0, 200)}`);
    }
    return withVersion(res, toTask(await this.referrals.updateTask(actor, req, id, next)));
  }
}

/** G2a ServiceRequest: the referral as an order (read and search; created with its Task). */
@ApiExcludeController()
@Controller('fhir/ServiceRequest')
@Access(REFERRAL_READERS)
export class FhirServiceRequestController extends FhirReferralViewController<fhir4.ServiceRequest> {
  constructor(referrals: FhirReferralsService) {
    super(referrals, 'ServiceRequest', toServiceRequest);
  }
}

/** POST /fhir: a transaction Bundle of ServiceRequest + Task creates one referral. */
@ApiExcludeController()
@Controller('fhir')
@Access(REFERRAL_WRITERS)
export class FhirTransactionController {
  constructor(private readonly referrals: FhirReferralsService) {}

  @Post()
  @HttpCode(200)
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async transaction(@CurrentActor() actor: Actor, @Req() req: Request): Promise<fhir4.Bundle> {
    const body = fhirBody(req);
    const r = await this.referrals.create(actor, req, body);
    const base = fhirBase(req);
    const entry = (resource: fhir4.ServiceRequest | fhir4.Task): fhir4.BundleEntry => ({
      fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
      resource,
      response: {
        status: '201 Created',
        location: `${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`,
        etag: `W/"${resource.meta?.versionId}"`,
        lastModified: resource.meta?.lastUpdated,
      },
    });
    return {
      resourceType: 'Bundle',
      type: 'transaction-response',
      // Answers are in the order of the request's entries (FHIR R4 3.1.0.11.4).
      entry: (body as fhir4.Bundle).entry?.map((e) =>
        entry(e.resource?.resourceType === 'Task' ? toTask(r) : toServiceRequest(r)),
      ),
    };
  }
}

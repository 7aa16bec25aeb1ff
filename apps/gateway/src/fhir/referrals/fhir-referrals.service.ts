import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import {
  Actor,
  AppError,
  ErrorCode,
  FHIR_TASK_STATUS,
  ReferralContracts as C,
  ReferralDetail,
  REFERRAL_STATUSES,
  ReferralStatus,
  RequestOf,
} from '@app/shared';
import { AuditService } from '../../audit/audit.service';
import { BusCaller } from '../../common/bus-call';
import { requestOrigin } from '../../common/request-context';
import { PatientsService } from '../../patients/patients.service';
import { lastUpdatedRange } from '../fhir-dates';
import { searchedId } from '../fhir-references';
import { FhirSearch, token } from '../fhir-search';
import { referralFromBundle } from './referral-from-bundle';
import { SERVICE_REQUEST_STATUS, toTask } from './referral-resources';
import { stepForTaskUpdate } from './task-update';

type ListQuery = RequestOf<typeof C.list>;

/** Referral statuses whose FHIR status (Task or ServiceRequest) is the one searched for. */
function statusesFor(resource: 'Task' | 'ServiceRequest', value: string): ReferralStatus[] {
  const map = resource === 'Task' ? FHIR_TASK_STATUS : SERVICE_REQUEST_STATUS;
  const wanted = value.split(',').map((v) => token(v).code);
  const statuses = REFERRAL_STATUSES.filter((s) => wanted.includes(map[s] as string));
  if (!statuses.length)
    throw AppError.validation(
      `status ${value.slice(0, 40)} matches no referral; ${resource} statuses used: ${[...new Set(Object.values(map))].join(', ')}`,
    );
  return statuses;
}

/**
 * Optimistic locking (FHIR R4 3.1.0.5): with If-Match, the update applies only to the version
 * the engine last read; the version is the number of status changes.
 */
function assertVersion(ifMatch: string | undefined, current: fhir4.Task) {
  if (ifMatch === undefined) return;
  const wanted = /^(W\/)?"([0-9]{1,9})"$/.exec(ifMatch.trim());
  if (!wanted) throw AppError.validation('If-Match must be W/"<versionId>"');
  if (wanted[2] !== current.meta?.versionId)
    throw new AppError(
      ErrorCode.PRECONDITION_FAILED,
      `Task is at version ${current.meta?.versionId}, not ${wanted[2]}: read it again`,
    );
}

/**
 * G2a referrals over FHIR: the same bus calls, patient checks and audit as REST, so catalog
 * rules, quotas and who-may-do-what are the referral service's, whichever door is used.
 */
@Injectable()
export class FhirReferralsService {
  constructor(
    private readonly bus: BusCaller,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
  ) {}

  private audited(
    actor: Actor,
    req: Request,
    action: 'read' | 'create' | 'update',
    r: ReferralDetail,
  ) {
    return this.audit.recorded(actor, requestOrigin(req), action, 'Referral', r);
  }

  async get(actor: Actor, req: Request, id: string): Promise<ReferralDetail> {
    return this.audited(actor, req, 'read', await this.bus.call(actor, C.get, { id }));
  }

  async search(actor: Actor, req: Request, resource: 'Task' | 'ServiceRequest', s: FhirSearch) {
    const p = s.params;
    const range = p._lastUpdated ? lastUpdatedRange(p._lastUpdated) : {};
    const query: ListQuery = {
      limit: Math.max(1, s.count),
      offset: s.offset,
      role: 'any',
      patientId: searchedId(p.patient ?? p.subject, 'Patient', 'patient'),
      statuses: p.status ? statusesFor(resource, p.status) : undefined,
      fromInstitutionId: searchedId(p.requester, 'Organization', 'requester'),
      toInstitutionId: searchedId(p.owner ?? p.performer, 'Organization', 'owner'),
      updatedFrom: range.from,
      updatedTo: range.to,
    };
    const page = await this.bus.call(actor, C.list, query);
    const items = s.count === 0 ? [] : page.items;
    // A search answers whole resources: each referral is read as on REST, and the reads are
    // audited in one statement rather than one per referral.
    const details = await Promise.all(items.map((r) => this.bus.call(actor, C.get, { id: r.id })));
    await this.audit.recordMany(
      actor,
      details.map((r) => ({
        action: 'read' as const,
        resourceType: 'Referral',
        resourceId: r.id,
        patientId: r.patientId,
      })),
      requestOrigin(req),
    );
    return { details, total: page.total };
  }

  async create(actor: Actor, req: Request, bundle: unknown): Promise<ReferralDetail> {
    const input = referralFromBundle(actor, bundle);
    const patient = await this.patients.requireInCommunity(actor, input.patientId);
    const r = await this.bus.call(actor, C.create, {
      ...input,
      familyDoctorSigned: patient.familyDoctorSigned,
    });
    return this.audited(actor, req, 'create', r);
  }

  /** PUT/PATCH of a Task: the status change becomes the lifecycle step it stands for. */
  async updateTask(actor: Actor, req: Request, id: string, next: unknown): Promise<ReferralDetail> {
    const referral = await this.bus.call(actor, C.get, { id });
    const current = toTask(referral);
    assertVersion(req.header('if-match'), current);
    const step = stepForTaskUpdate(referral, current, next, id);
    const moved = await this.move(actor, id, step);
    return this.audited(actor, req, moved ? 'update' : 'read', moved ?? referral);
  }

  private move(
    actor: Actor,
    id: string,
    s: ReturnType<typeof stepForTaskUpdate>,
  ): Promise<ReferralDetail> | null {
    switch (s.step) {
      case 'none':
        return null;
      case 'accept':
        return this.bus.call(actor, C.accept, { id, reason: s.reason });
      case 'reject':
        return this.bus.call(actor, C.reject, { id, reason: s.reason });
      case 'cancel':
        return this.bus.call(actor, C.cancel, { id, reason: s.reason });
      case 'redirect':
        return this.bus.call(actor, C.redirect, {
          id,
          reason: s.reason,
          toInstitutionId: s.toInstitutionId,
        });
      case 'checkIn':
        return this.bus.call(actor, C.checkIn, { id, reason: s.reason });
      case 'noShow':
        return this.bus.call(actor, C.noShow, { id, reason: s.reason });
      case 'complete':
        return this.bus.call(actor, C.complete, { id, summary: s.summary });
    }
  }

  /** Appointment/$hold: the sender holds a slot or bed for its referral (R5). */
  async hold(
    actor: Actor,
    req: Request,
    id: string,
    hold: RequestOf<typeof C.hold>['hold'],
  ): Promise<ReferralDetail> {
    return this.audited(actor, req, 'update', await this.bus.call(actor, C.hold, { id, hold }));
  }

  /** Appointment/$book: booking is the receiver's acceptance of the held place (R5). */
  async book(actor: Actor, req: Request, id: string): Promise<ReferralDetail> {
    const referral = await this.bus.call(actor, C.get, { id });
    if (referral.reservation?.status !== 'HELD')
      throw AppError.conflict('Nothing is held for this referral: $hold a slot or bed first');
    return this.audited(actor, req, 'update', await this.bus.call(actor, C.accept, { id }));
  }
}

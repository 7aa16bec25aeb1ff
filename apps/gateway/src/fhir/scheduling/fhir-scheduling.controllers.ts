import { Controller, Get, Header, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor, AppError, POOLS, ReferralContracts as C } from '@app/shared';
import { Access, CurrentActor } from '../../auth/access.decorator';
import { BusCaller } from '../../common/bus-call';
import { searchParamNames } from '../capability';
import { FhirDirectoryQueries } from '../directory/fhir-directory.queries';
import { fhirBody } from '../fhir-body';
import { dateRange } from '../fhir-dates';
import { referencedId, searchedId } from '../fhir-references';
import { isUuid, pagedSearchset, parseSearch, token } from '../fhir-search';
import { FHIR_CONTENT_TYPE } from '../operation-outcome';
import { FhirReferralsService } from '../referrals/fhir-referrals.service';
import { REFERRAL_READERS, REFERRAL_WRITERS } from '../referrals/fhir-referral.controllers';
import { toAppointment, toSchedule, toSlot } from './scheduling-resources';

const DAY_MS = 86_400_000;
/** A Slot search without an end looks this far ahead. */
const WINDOW_DAYS = 14;

/** G2a Schedule: one per clinical department of the community's institutions. */
@ApiExcludeController()
@Controller('fhir/Schedule')
@Access(REFERRAL_READERS)
export class FhirScheduleController {
  constructor(private readonly directory: FhirDirectoryQueries) {}

  @Get()
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async search(@CurrentActor() actor: Actor, @Req() req: Request) {
    const search = parseSearch(req, searchParamNames('Schedule'));
    const institutionId = searchedId(search.params.organization, 'Organization', 'organization');
    const all = await this.directory.clinicalDepartments(actor, institutionId);
    return pagedSearchset(req, 'Schedule', search, all, toSchedule);
  }

  @Get(':id')
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async read(@CurrentActor() actor: Actor, @Param('id') id: string) {
    if (!isUuid(id)) throw AppError.notFound('Schedule');
    return toSchedule(await this.directory.department(actor, id));
  }
}

/** G2a Slot: outpatient places of a receiving institution, from the referral service (R4, R5). */
@ApiExcludeController()
@Controller('fhir/Slot')
@Access(REFERRAL_READERS)
export class FhirSlotController {
  constructor(
    private readonly bus: BusCaller,
    private readonly directory: FhirDirectoryQueries,
  ) {}

  @Get()
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async search(@CurrentActor() actor: Actor, @Req() req: Request) {
    const search = parseSearch(req, searchParamNames('Slot'));
    const p = search.params;
    const departmentId = searchedId(p.schedule, 'Schedule', 'schedule');
    let institutionId = searchedId(p.organization, 'Organization', 'organization');
    if (departmentId) {
      const d = await this.directory.department(actor, departmentId);
      if (institutionId && institutionId !== d.institutionId)
        throw AppError.validation('schedule is not a department of organization');
      institutionId = d.institutionId;
    }
    if (!institutionId)
      throw AppError.validation('Slot search needs organization=Organization/<id> or schedule');
    const pool = p.pool === undefined ? undefined : token(p.pool).code;
    if (pool !== undefined && !(POOLS as readonly string[]).includes(pool))
      throw AppError.validation(`pool must be one of ${POOLS.join(', ')}`);
    const status = p.status === undefined ? 'free' : token(p.status).code;
    if (status !== 'free' && status !== 'busy')
      throw AppError.validation('status must be free or busy');
    const { items } = await this.bus.call(actor, C.searchSlots, {
      institutionId,
      departmentId,
      pool: pool as (typeof POOLS)[number] | undefined,
      onlyFree: status === 'free',
      ...this.window(p.start),
    });
    const matching = items.filter((s) => (status === 'free') === s.free > 0);
    return pagedSearchset(req, 'Slot', search, matching, toSlot);
  }

  /** `start=eq<day>` is that day; ge/gt a 14-day window; by default from now. */
  private window(start: string | undefined): { from: string; to: string } {
    const range = start ? dateRange(start, 'start') : {};
    if (start && range.to && !range.from)
      throw AppError.validation('start takes eq, ge or gt (a search looks forward)');
    const from = range.from ?? new Date().toISOString();
    const to = range.to ?? new Date(Date.parse(from) + WINDOW_DAYS * DAY_MS).toISOString();
    return { from, to };
  }
}

function parameter(body: unknown, name: string): fhir4.ParametersParameter | undefined {
  const params = body as fhir4.Parameters;
  if (params?.resourceType !== 'Parameters' || !Array.isArray(params.parameter))
    throw AppError.validation('The operation takes a Parameters resource');
  return params.parameter.find((p) => p?.name === name);
}

const collection = (appointment: fhir4.Appointment | null): fhir4.Bundle => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: appointment ? [{ resource: appointment }] : [],
});

/**
 * G2a Appointment: the place held or booked for a referral. $hold and $book follow IHE ITI-116
 * and ITI-117 (Parameters in, a Bundle of the Appointment out) without the $find step: the
 * engine picks a Slot from a Slot search.
 */
@ApiExcludeController()
@Controller('fhir/Appointment')
@Access(REFERRAL_READERS)
export class FhirAppointmentController {
  constructor(private readonly referrals: FhirReferralsService) {}

  @Post('$hold')
  @HttpCode(200)
  @Access(REFERRAL_WRITERS)
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async hold(@CurrentActor() actor: Actor, @Req() req: Request) {
    const appt = parameter(fhirBody(req), 'appointment-resource')?.resource as
      fhir4.Appointment | undefined;
    if (appt?.resourceType !== 'Appointment')
      throw AppError.validation('$hold needs parameter appointment-resource with an Appointment');
    const referralId = referencedId(appt.basedOn?.[0], 'ServiceRequest', 'Appointment.basedOn[0]');
    const slotId = referencedId(appt.slot?.[0], 'Slot', 'Appointment.slot[0]');
    if ((appt.slot?.length ?? 0) > 1)
      throw AppError.validation('Appointment.slot: one slot per referral');
    const r = await this.referrals.hold(actor, req, referralId, { kind: 'SLOT', slotId });
    return collection(toAppointment(r));
  }

  @Post('$book')
  @HttpCode(200)
  @Access(REFERRAL_WRITERS)
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async book(@CurrentActor() actor: Actor, @Req() req: Request) {
    const body = fhirBody(req);
    const ref =
      parameter(body, 'appointment-reference')?.valueReference ??
      (parameter(body, 'appointment-resource')?.resource as fhir4.Appointment | undefined)?.id;
    const id =
      typeof ref === 'string' ? ref : referencedId(ref, 'Appointment', 'appointment-reference');
    if (!isUuid(id)) throw AppError.validation('appointment-reference must be Appointment/<id>');
    return collection(toAppointment(await this.referrals.book(actor, req, id)));
  }

  @Get(':id')
  @Header('Content-Type', FHIR_CONTENT_TYPE)
  async read(@CurrentActor() actor: Actor, @Req() req: Request, @Param('id') id: string) {
    if (!isUuid(id)) throw AppError.notFound('Appointment');
    const appointment = toAppointment(await this.referrals.get(actor, req, id));
    if (!appointment) throw AppError.notFound('Appointment');
    return appointment;
  }
}

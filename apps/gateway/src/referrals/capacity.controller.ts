import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Actor, capacitySearchQuerySchema, ReferralContracts as C } from '@app/shared';
import { CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { Operation } from '../common/operation';
import { ZodPipe } from '../common/zod.pipe';
import { PatientsService } from '../patients/patients.service';

type SearchQuery = z.output<typeof capacitySearchQuerySchema>;

const PUBLISH = { roles: ['referral_coordinator' as const], scope: 'referrals:write' as const };
const SEARCH = {
  roles: ['clinician' as const, 'referral_coordinator' as const, 'community_admin' as const],
  scope: 'referrals:read' as const,
};

/** R3/R4: capacity publishing (quota-checked) and free-capacity search. */
@ApiTags('capacity')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/capacity')
export class CapacityController {
  constructor(
    private readonly bus: BusCaller,
    private readonly patients: PatientsService,
  ) {}

  /** R9's ordering follows the patient's record (签约 or not), never a flag from the caller. */
  private async forPatient(actor: Actor, q: SearchQuery) {
    const { patientId, ...search } = q;
    const signed = patientId
      ? (await this.patients.requireInCommunity(actor, patientId)).familyDoctorSigned
      : false;
    return { ...search, familyDoctorSigned: signed };
  }

  @Post('schedules')
  @Operation({
    id: 'publishSchedule',
    summary:
      'Publish a schedule; it generates REFERRAL and GENERAL slots (refused below the community quota)',
    description:
      'At most 366 days and 5,000 slots per request (counted before anything is made); sessions must not overlap.',
    access: PUBLISH,
    body: C.publishSchedule.request,
    response: C.publishSchedule.response,
    status: 201,
    errors: [404, 422],
  })
  schedule(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(C.publishSchedule.request)) b: z.output<typeof C.publishSchedule.request>,
  ) {
    return this.bus.call(actor, C.publishSchedule, b);
  }

  @Post('slots')
  @Operation({
    id: 'publishSlots',
    summary: 'Publish individual outpatient slots (refused below the community quota)',
    access: PUBLISH,
    body: C.publishSlots.request,
    response: C.publishSlots.response,
    status: 201,
    errors: [404, 422],
  })
  slots(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(C.publishSlots.request)) b: z.output<typeof C.publishSlots.request>,
  ) {
    return this.bus.call(actor, C.publishSlots, b);
  }

  @Post('beds')
  @Operation({
    id: 'publishBeds',
    summary: 'Publish beds of a ward (refused below the community quota)',
    access: PUBLISH,
    body: C.publishBeds.request,
    response: C.publishBeds.response,
    status: 201,
    errors: [404, 409, 422],
  })
  beds(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(C.publishBeds.request)) b: z.output<typeof C.publishBeds.request>,
  ) {
    return this.bus.call(actor, C.publishBeds, b);
  }

  @Get('slots')
  @Operation({
    id: 'searchSlots',
    summary:
      'Free outpatient slots of an institution between from and to (for a 签约 patient, given as patientId: REFERRAL pool first)',
    access: SEARCH,
    query: capacitySearchQuerySchema,
    response: C.searchSlots.response,
    errors: [404],
  })
  async searchSlots(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(capacitySearchQuerySchema, 'query')) q: SearchQuery,
  ) {
    return this.bus.call(actor, C.searchSlots, await this.forPatient(actor, q));
  }

  @Get('beds')
  @Operation({
    id: 'searchBeds',
    summary: 'Beds of an institution (free only by default; for a 签约 patient REFERRAL first)',
    access: SEARCH,
    query: capacitySearchQuerySchema,
    response: C.searchBeds.response,
    errors: [404],
  })
  async searchBeds(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(capacitySearchQuerySchema, 'query')) q: SearchQuery,
  ) {
    return this.bus.call(actor, C.searchBeds, await this.forPatient(actor, q));
  }

  @Get('compliance')
  @Operation({
    id: 'capacityCompliance',
    summary: 'Reserved-share compliance per department and day (slots) and per ward (beds)',
    access: SEARCH,
    query: C.compliance.request,
    response: C.compliance.response,
    errors: [404],
  })
  compliance(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(C.compliance.request, 'query')) q: z.output<typeof C.compliance.request>,
  ) {
    return this.bus.call(actor, C.compliance, q);
  }
}

import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Actor, CATALOG_LISTS, catalogEntrySchema, ReferralContracts as C } from '@app/shared';
import { CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { Operation } from '../common/operation';
import { ZodPipe } from '../common/zod.pipe';

const catalogBody = z.object({ entries: z.array(catalogEntrySchema).max(2000) });
const listParam = z.enum(CATALOG_LISTS);
const followUpBody = C.recordFollowUp.request.omit({ id: true });

/** Community policy, referral catalog (R2, R4), follow-ups (R8) and the time sweep. */
@ApiTags('referral administration')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1')
export class ReferralAdminController {
  constructor(private readonly bus: BusCaller) {}

  @Get('referral-policy')
  @Operation({
    id: 'getReferralPolicy',
    summary:
      'Community referral policy (quotas, hold time, release lead time, escalation, follow-up days)',
    access: { roles: ['community_admin', 'referral_coordinator', 'clinician'] },
    response: C.policyGet.response,
  })
  policy(@CurrentActor() actor: Actor) {
    return this.bus.call(actor, C.policyGet, {});
  }

  @Patch('referral-policy')
  @Operation({
    id: 'updateReferralPolicy',
    summary: 'Change the community referral policy (the fields given)',
    access: { roles: ['community_admin'] },
    body: C.policyUpdate.request,
    response: C.policyUpdate.response,
  })
  updatePolicy(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(C.policyUpdate.request)) b: z.output<typeof C.policyUpdate.request>,
  ) {
    return this.bus.call(actor, C.policyUpdate, b);
  }

  @Get('referral-catalog')
  @Operation({
    id: 'getReferralCatalog',
    summary: 'The community referral catalog: UP, DOWN and PRIMARY_CARE (基层首诊) ICD-10 lists',
    access: {
      roles: ['community_admin', 'referral_coordinator', 'clinician'],
      scope: 'referrals:read',
    },
    response: C.catalogGet.response,
  })
  catalog(@CurrentActor() actor: Actor) {
    return this.bus.call(actor, C.catalogGet, {});
  }

  @Put('referral-catalog/:list')
  @Operation({
    id: 'replaceReferralCatalogList',
    summary: 'Replace one list of the referral catalog (at most 2,000 entries)',
    access: { roles: ['community_admin'] },
    body: catalogBody,
    response: C.catalogReplace.response,
  })
  @ApiParam({ name: 'list', enum: CATALOG_LISTS })
  replaceCatalog(
    @CurrentActor() actor: Actor,
    @Param('list', new ZodPipe(listParam, 'list')) list: z.output<typeof listParam>,
    @Body(new ZodPipe(catalogBody)) b: z.output<typeof catalogBody>,
  ) {
    return this.bus.call(actor, C.catalogReplace, { list, entries: b.entries });
  }

  @Get('follow-ups')
  @Operation({
    id: 'listFollowUps',
    summary: '回访 of down-referrals involving the caller’s institution (a community admin: all)',
    access: {
      roles: ['community_admin', 'referral_coordinator', 'clinician'],
      scope: 'referrals:read',
    },
    query: C.followUps.request,
    response: C.followUps.response,
  })
  followUps(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(C.followUps.request, 'query')) q: z.output<typeof C.followUps.request>,
  ) {
    return this.bus.call(actor, C.followUps, q);
  }

  @Post('follow-ups/:id/record')
  @Operation({
    id: 'recordFollowUp',
    summary: 'Record the outcome of a 回访 (either institution of the referral)',
    access: { roles: ['referral_coordinator', 'clinician'], scope: 'referrals:write' },
    body: followUpBody,
    uuidParams: ['id'],
    response: C.recordFollowUp.response,
    errors: [404, 409],
  })
  recordFollowUp(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodPipe(followUpBody)) b: z.output<typeof followUpBody>,
  ) {
    return this.bus.call(actor, C.recordFollowUp, { id, ...b });
  }

  @Post('referral-sweep')
  @Operation({
    id: 'runReferralSweep',
    summary:
      'Run the time-based sweep now (expired holds, releases, escalations, overdue follow-ups)',
    access: { roles: ['community_admin'] },
    response: C.sweep.response,
  })
  sweep(@CurrentActor() actor: Actor) {
    return this.bus.call(actor, C.sweep, {});
  }
}

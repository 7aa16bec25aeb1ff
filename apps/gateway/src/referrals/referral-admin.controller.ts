import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Actor, CATALOG_LISTS, catalogEntrySchema, ReferralContracts as C } from '@app/shared';
import { Access, CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { openApiSchema, ZodPipe } from '../common/zod.pipe';

const catalogBody = z.object({ entries: z.array(catalogEntrySchema).max(2000) });
const listParam = z.enum(CATALOG_LISTS);
const followUpBody = C.recordFollowUp.request.omit({ id: true });

/** Community policy, referral catalog (R2, R4), follow-ups (R8) and the time sweep. */
@ApiTags('referral administration')
@ApiBearerAuth()
@Controller('api/v1')
export class ReferralAdminController {
  constructor(private readonly bus: BusCaller) {}

  @Get('referral-policy')
  @Access({ roles: ['community_admin', 'referral_coordinator', 'clinician'] })
  @ApiOperation({
    summary:
      'Community referral policy (quotas, hold time, release lead time, escalation, follow-up days)',
  })
  policy(@CurrentActor() actor: Actor) {
    return this.bus.call(actor, C.policyGet, {});
  }

  @Patch('referral-policy')
  @Access({ roles: ['community_admin'] })
  @ApiBody({ schema: openApiSchema(C.policyUpdate.request) })
  updatePolicy(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(C.policyUpdate.request)) b: z.output<typeof C.policyUpdate.request>,
  ) {
    return this.bus.call(actor, C.policyUpdate, b);
  }

  @Get('referral-catalog')
  @Access({
    roles: ['community_admin', 'referral_coordinator', 'clinician'],
    scope: 'referrals:read',
  })
  @ApiOperation({
    summary: 'The community referral catalog: UP, DOWN and PRIMARY_CARE (基层首诊) ICD-10 lists',
  })
  catalog(@CurrentActor() actor: Actor) {
    return this.bus.call(actor, C.catalogGet, {});
  }

  @Put('referral-catalog/:list')
  @Access({ roles: ['community_admin'] })
  @ApiBody({ schema: openApiSchema(catalogBody) })
  replaceCatalog(
    @CurrentActor() actor: Actor,
    @Param('list', new ZodPipe(listParam, 'list')) list: z.output<typeof listParam>,
    @Body(new ZodPipe(catalogBody)) b: z.output<typeof catalogBody>,
  ) {
    return this.bus.call(actor, C.catalogReplace, { list, entries: b.entries });
  }

  @Get('follow-ups')
  @Access({
    roles: ['community_admin', 'referral_coordinator', 'clinician'],
    scope: 'referrals:read',
  })
  @ApiOperation({ summary: '回访 of down-referrals involving the caller’s institution' })
  followUps(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(C.followUps.request, 'query')) q: z.output<typeof C.followUps.request>,
  ) {
    return this.bus.call(actor, C.followUps, q);
  }

  @Post('follow-ups/:id/record')
  @HttpCode(200)
  @Access({ roles: ['referral_coordinator', 'clinician'], scope: 'referrals:write' })
  @ApiBody({ schema: openApiSchema(followUpBody) })
  recordFollowUp(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodPipe(followUpBody)) b: z.output<typeof followUpBody>,
  ) {
    return this.bus.call(actor, C.recordFollowUp, { id, ...b });
  }

  @Post('referral-sweep')
  @HttpCode(200)
  @Access({ roles: ['community_admin'] })
  @ApiOperation({
    summary:
      'Run the time-based sweep now (expired holds, releases, escalations, overdue follow-ups)',
  })
  sweep(@CurrentActor() actor: Actor) {
    return this.bus.call(actor, C.sweep, {});
  }
}

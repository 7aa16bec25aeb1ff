import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Actor, ReferralContracts } from '@app/shared';
import { Access, CurrentActor } from '../auth/access.decorator';
import { BusCaller } from '../common/bus-call';
import { ZodPipe } from '../common/zod.pipe';

const listQuery = ReferralContracts.list.request;

@ApiTags('referrals')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/referrals')
export class ReferralsController {
  constructor(private readonly bus: BusCaller) {}

  @Get()
  @Access({
    roles: ['clinician', 'referral_coordinator', 'community_admin'],
    scope: 'referrals:read',
  })
  @ApiOperation({ summary: "Referrals sent or received by the caller's institution" })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(listQuery, 'query')) q: z.output<typeof listQuery>,
  ) {
    return this.bus.call(actor, ReferralContracts.list, q);
  }
}

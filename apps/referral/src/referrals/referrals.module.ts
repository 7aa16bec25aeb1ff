import { Module } from '@nestjs/common';
import { CapacityHandlers } from '../capacity/capacity.handlers';
import { CapacityService } from '../capacity/capacity.service';
import { CatalogHandlers } from '../catalog/catalog.handlers';
import { CatalogService } from '../catalog/catalog.service';
import { ReferralDirectoryReplica } from '../directory/directory-replica';
import { DirectoryRepository } from '../directory/directory.repository';
import { FollowUpsHandlers } from '../follow-ups/follow-ups.handlers';
import { FollowUpsService } from '../follow-ups/follow-ups.service';
import { IndicatorsHandlers } from '../indicators/indicators.handlers';
import { IndicatorsService } from '../indicators/indicators.service';
import { PolicyHandlers } from '../policy/policy.handlers';
import { PolicyService } from '../policy/policy.service';
import { ReferralScheduler } from '../scheduler/referral-scheduler';
import { SweepHandlers } from '../scheduler/sweep.handlers';
import { SweepService } from '../scheduler/sweep.service';
import { ReferralsHandlers } from './referrals.handlers';
import { ReferralsService } from './referrals.service';
import { Reservations } from './reservations';

/** Handlers are the Nest microservice's controllers (@BusPattern); services hold the rules. */
@Module({
  controllers: [
    PolicyHandlers,
    CatalogHandlers,
    CapacityHandlers,
    ReferralsHandlers,
    FollowUpsHandlers,
    IndicatorsHandlers,
    SweepHandlers,
  ],
  providers: [
    DirectoryRepository,
    ReferralDirectoryReplica,
    PolicyService,
    CatalogService,
    CapacityService,
    Reservations,
    ReferralsService,
    FollowUpsService,
    IndicatorsService,
    SweepService,
    ReferralScheduler,
  ],
})
export class ReferralsModule {}

import { Module } from '@nestjs/common';
import { DirectoryReplicaHost } from '@app/shared/nest/directory-replica-host';
import { CapacityHandlers } from '../capacity/capacity.handlers';
import { CapacityService } from '../capacity/capacity.service';
import { CatalogHandlers } from '../catalog/catalog.handlers';
import { CatalogService } from '../catalog/catalog.service';
import { referralDirectorySettings } from '../directory/directory-replica';
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
import { AcceptReferral } from './accept-referral';
import { CancelReferral } from './cancel-referral';
import { CheckInReferral } from './check-in-referral';
import { CompleteReferral } from './complete-referral';
import { CreateReferral } from './create-referral';
import { GetReferral } from './get-referral';
import { GreenChannel } from './green-channel';
import { HoldReferral } from './hold-referral';
import { ListReferrals } from './list-referrals';
import { RecordNoShow } from './record-no-show';
import { RedirectReferral } from './redirect-referral';
import { ReferralTransition } from './referral-transition';
import { ReferralsHandlers, ReferralStepHandlers } from './referrals.handlers';
import { RejectReferral } from './reject-referral';
import { ReservationHolds } from './reservation-holds';
import { Reservations } from './reservations';

/** One per file, named for what it does; the handlers call them. */
const REFERRAL_USE_CASES = [
  ListReferrals,
  GetReferral,
  CreateReferral,
  HoldReferral,
  AcceptReferral,
  RejectReferral,
  RedirectReferral,
  CancelReferral,
  CheckInReferral,
  RecordNoShow,
  CompleteReferral,
];

/** Handlers are the Nest microservice's controllers (@BusPattern); services hold the rules. */
@Module({
  controllers: [
    PolicyHandlers,
    CatalogHandlers,
    CapacityHandlers,
    ReferralsHandlers,
    ...ReferralStepHandlers,
    FollowUpsHandlers,
    IndicatorsHandlers,
    SweepHandlers,
  ],
  providers: [
    DirectoryRepository,
    DirectoryReplicaHost,
    referralDirectorySettings,
    PolicyService,
    CatalogService,
    CapacityService,
    Reservations,
    ReservationHolds,
    ReferralTransition,
    GreenChannel,
    ...REFERRAL_USE_CASES,
    FollowUpsService,
    IndicatorsService,
    SweepService,
    ReferralScheduler,
  ],
})
export class ReferralsModule {}

import { Module } from '@nestjs/common';
import { BusCaller } from '../common/bus-call';
import { PatientsModule } from '../patients/patients.module';
import { CapacityController } from './capacity.controller';
import { ReferralAdminController } from './referral-admin.controller';
import { ReferralsController } from './referrals.controller';

/** Two-way referral at the edge: every route here forwards to apps/referral. */
@Module({
  imports: [PatientsModule],
  controllers: [ReferralsController, CapacityController, ReferralAdminController],
  providers: [BusCaller],
})
export class ReferralsModule {}

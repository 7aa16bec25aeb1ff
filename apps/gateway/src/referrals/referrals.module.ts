import { Module } from '@nestjs/common';
import { BusCaller } from '../common/bus-call';
import { ReferralsController } from './referrals.controller';

/** Two-way referral at the edge: every route here forwards to apps/referral. */
@Module({ controllers: [ReferralsController], providers: [BusCaller] })
export class ReferralsModule {}

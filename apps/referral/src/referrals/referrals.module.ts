import { Module } from '@nestjs/common';
import { ReferralsHandlers } from './referrals.handlers';
import { ReferralsService } from './referrals.service';

@Module({ providers: [ReferralsService, ReferralsHandlers] })
export class ReferralsModule {}

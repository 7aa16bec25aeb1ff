import 'reflect-metadata';
import { main } from '@app/shared/nest';
import { REFERRAL_SCHEMA, referralMigrations } from './migrations';
import { ReferralModule } from './referral.module';

main({
  name: 'referral',
  schema: REFERRAL_SCHEMA,
  migrations: referralMigrations,
  module: ReferralModule,
  healthPort: (config) => config.REFERRAL_HEALTH_PORT,
});

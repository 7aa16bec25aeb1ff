import { Referrals1732000000001 } from './1732000000001-referrals';

export { REFERRAL_SCHEMA } from './1732000000001-referrals';
export const referralMigrations = [Referrals1732000000001];

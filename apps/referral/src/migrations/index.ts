import { Referrals1732000000001 } from './1732000000001-referrals';
import { ReferralOrigin1733000000001 } from './1733000000001-referral-origin';

export { REFERRAL_SCHEMA } from './1732000000001-referrals';
export const referralMigrations = [Referrals1732000000001, ReferralOrigin1733000000001];

import { Referrals1732000000001 } from './1732000000001-referrals';
import { ReferralOrigin1733000000001 } from './1733000000001-referral-origin';
import { DistrictsReplica1735000000001 } from './1735000000001-districts-replica';
import { PolicyPlaces1735000000022 } from './1735000000022-policy-places';

export { REFERRAL_SCHEMA } from './1732000000001-referrals';
export const referralMigrations = [
  Referrals1732000000001,
  ReferralOrigin1733000000001,
  DistrictsReplica1735000000001,
  PolicyPlaces1735000000022,
];

import { dictionary } from '../../i18n/dictionary';
import { referralListEn, referralListZh } from './texts/referral-list';
import { newReferralEn, newReferralZh } from './texts/new-referral';
import { followUpsEn, followUpsZh } from './texts/follow-ups';
import { referralDetailEn, referralDetailZh } from './texts/referral-detail';

const zh = {
  ...referralListZh,
  ...newReferralZh,
  ...followUpsZh,
  ...referralDetailZh,
};

const en: Record<keyof typeof zh, string> = {
  ...referralListEn,
  ...newReferralEn,
  ...followUpsEn,
  ...referralDetailEn,
};

export const useT = dictionary(zh, en);

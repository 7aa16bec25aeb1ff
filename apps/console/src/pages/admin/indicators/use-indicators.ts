import { api, type Answer } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { monthsOf, type Period, query } from './period';

export type ReferralIndicators = Answer<'/api/v1/referrals/indicators', 'get'>;
export type StudyIndicators = Answer<'/api/v1/studies/indicators', 'get'>;
export type MonthOfReferrals = { label: string; indicators: ReferralIndicators };

/**
 * The API gives one figure per period, not per month: the monthly bars come from one call per
 * calendar month of the period (at most 13), the totals from one call over the whole period.
 */
async function referralsPerMonth(period: Period) {
  const months = monthsOf(period);
  const answers = await Promise.all(
    months.map((m) =>
      api.GET('/api/v1/referrals/indicators', { params: { query: query(m.period) } }),
    ),
  );
  const failed = answers.find((a) => a.data === undefined);
  if (failed) return { error: failed.error, response: failed.response };
  return {
    data: months.map((m, i) => ({ label: m.label, indicators: answers[i].data! })),
    response: answers[answers.length - 1].response,
  };
}

export function useIndicators(period: Period) {
  const key = `${period.fromDate}/${period.toDate}`;
  const referrals = useLoad(
    () => api.GET('/api/v1/referrals/indicators', { params: { query: query(period) } }),
    [key],
  );
  const monthly = useLoad<MonthOfReferrals[]>(() => referralsPerMonth(period), [key]);
  const studies = useLoad(
    () => api.GET('/api/v1/studies/indicators', { params: { query: query(period) } }),
    [key],
  );
  return { referrals, monthly, studies };
}

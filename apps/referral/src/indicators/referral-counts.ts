import { DataSource } from 'typeorm';
import { ReferralStatus } from '@app/shared';

/**
 * What a 转诊 is for 双向转诊比例 (seed 001 五(三)): a referral the receiving side accepted, so the
 * 号源 or 床位 was 落实 and the 转诊登记 made (seed 001 四(五)), and that was not called off.
 * ARRIVED and COMPLETED are where an accepted referral goes on to. Not counted: still SUBMITTED,
 * REJECTED, REDIRECTED (the redirect is a new referral, counted on its own: each transfer once),
 * CANCELLED, EXPIRED, and NO_SHOW (the patient never transferred).
 */
export const COUNTED_STATUSES: ReferralStatus[] = ['ACCEPTED', 'ARRIVED', 'COMPLETED'];

/** `$1` community, `$2`/`$3` submitted in [from, to), `$4` an optional institution (either side). */
const SCOPE = `community_id = $1 AND submitted_at >= $2 AND submitted_at < $3
  AND ($4::uuid IS NULL OR from_institution_id = $4 OR to_institution_id = $4)`;

export async function referralCounts(ds: DataSource, args: (string | null)[]) {
  const [r] = await ds.query(
    `SELECT count(*) FILTER (WHERE counted AND direction = 'UP')::int AS up,
            count(*) FILTER (WHERE counted AND direction = 'DOWN')::int AS down,
            -- A redirected referral lives on as its successor: requests are counted once.
            count(*) FILTER (WHERE green_channel IS NOT NULL AND status <> 'REDIRECTED')::int AS green,
            count(*) FILTER (WHERE out_of_catalog AND status <> 'REDIRECTED')::int AS "outOfCatalog",
            count(*) FILTER (WHERE status = 'NO_SHOW')::int AS "noShow",
            count(*) FILTER (WHERE status IN ('ARRIVED', 'COMPLETED', 'NO_SHOW'))::int AS due,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - submitted_at) / 60)
              FILTER (WHERE accepted_at IS NOT NULL AND green_channel IS NULL) AS p50,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - submitted_at) / 60)
              FILTER (WHERE accepted_at IS NOT NULL AND green_channel IS NULL) AS p90,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - submitted_at) / 60)
              FILTER (WHERE accepted_at IS NOT NULL AND green_channel IS NULL) AS p99
       FROM (SELECT *, status = ANY($5::text[]) AS counted FROM referral.referrals WHERE ${SCOPE}) r`,
    [...args, COUNTED_STATUSES],
  );
  const notCounted: { status: string; count: number }[] = await ds.query(
    `SELECT status, count(*)::int AS count FROM referral.referrals
      WHERE ${SCOPE} AND NOT (status = ANY($5::text[])) GROUP BY status ORDER BY status`,
    [...args, COUNTED_STATUSES],
  );
  return { ...r, notCounted: Object.fromEntries(notCounted.map((n) => [n.status, n.count])) };
}

/**
 * Seed 002 四(三) 家庭医生对签约居民住院服务的转介率 = signed residents' admissions a family doctor
 * referred / all admissions of signed residents. The platform knows the numerator — counted UP
 * referrals of 签约 patients for a bed — but not the denominator (admissions without a referral
 * are in the HIS / 医保 systems), so it returns the numerator and its share of inpatient referrals.
 */
export async function familyDoctorInpatientReferrals(ds: DataSource, args: (string | null)[]) {
  const [r] = await ds.query(
    `SELECT count(*) FILTER (WHERE family_doctor_signed)::int AS "signedResidentsReferred",
            count(*)::int AS "inpatientReferrals"
       FROM referral.referrals ref
      WHERE ${SCOPE} AND direction = 'UP' AND status = ANY($5::text[])
        AND EXISTS (SELECT 1 FROM referral.reservations b WHERE b.referral_id = ref.id AND b.kind = 'BED')`,
    [...args, COUNTED_STATUSES],
  );
  return {
    ...r,
    share:
      r.inpatientReferrals > 0
        ? Math.round((r.signedResidentsReferred / r.inpatientReferrals) * 100) / 100
        : null,
  } as { signedResidentsReferred: number; inpatientReferrals: number; share: number | null };
}

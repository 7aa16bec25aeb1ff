import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useLabels } from './labels';
import { PatientName } from './PatientName';

/** A follow-up names only its referral: the referral's patient and direction, read once. */
const referrals = new Map<
  string,
  Promise<{ patientId: string; direction: 'UP' | 'DOWN' } | null>
>();

function referralOf(id: string) {
  let known = referrals.get(id);
  if (!known) {
    known = api
      .GET('/api/v1/referrals/{id}', { params: { path: { id } } })
      .then(({ data }) => (data ? { patientId: data.patientId, direction: data.direction } : null))
      .catch(() => null);
    referrals.set(id, known);
    // A failed read is not remembered: the next render asks again.
    void known.then((r) => r ?? referrals.delete(id));
  }
  return known;
}

export function ReferralPatient({ referralId }: { referralId: string }) {
  const { DIRECTION } = useLabels();
  const [r, setR] = useState<{ patientId: string; direction: 'UP' | 'DOWN' } | null>();
  useEffect(() => {
    let live = true;
    void referralOf(referralId).then((x) => live && setR(x));
    return () => {
      live = false;
    };
  }, [referralId]);
  if (r === undefined) return <span>…</span>;
  if (r === null) return <span>—</span>;
  return (
    <span>
      <PatientName id={r.patientId} />（{DIRECTION[r.direction]}）
    </span>
  );
}

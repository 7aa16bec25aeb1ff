import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useSession } from '../../session/session';

/**
 * Patient names for the inbox. Each read of a patient is audited by the gateway, so a name is
 * fetched once per page load and kept, not fetched again at every refresh of the list.
 */
const names = new Map<string, Promise<string>>();

function nameOf(id: string): Promise<string> {
  let known = names.get(id);
  if (!known) {
    known = api
      .GET('/api/v1/patients/{id}', { params: { path: { id } } })
      .then(({ data }) =>
        data ? `${data.name}（${data.sex === 'male' ? '男' : '女'}，${data.birthDate}）` : '—',
      )
      .catch(() => '—');
    names.set(id, known);
    // A failed read is not remembered: the next render asks again.
    void known.then((n) => n === '—' && names.delete(id));
  }
  return known;
}

/** Who may read the patient index (a community administrator may not). */
const READS_PATIENTS = ['clinician', 'referral_coordinator', 'reader', 'senior_reader'];

export function PatientName({ id }: { id: string }) {
  const { hasRole } = useSession();
  const allowed = hasRole(...READS_PATIENTS);
  const [name, setName] = useState<string>('…');
  useEffect(() => {
    if (!allowed) return;
    let live = true;
    void nameOf(id).then((n) => live && setName(n));
    return () => {
      live = false;
    };
  }, [id, allowed]);
  return <span>{allowed ? name : '（患者信息仅诊疗机构可见）'}</span>;
}

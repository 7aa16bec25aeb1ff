import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useSession } from '../../session/session';
import { useT } from './i18n';

type Who = { name: string; sex: string; birthDate: string } | null;

/**
 * Patient names for the inbox. Each read of a patient is audited by the gateway, so a name is
 * fetched once per page load and kept, not fetched again at every refresh of the list.
 */
const names = new Map<string, Promise<Who>>();

function nameOf(id: string): Promise<Who> {
  let known = names.get(id);
  if (!known) {
    known = api
      .GET('/api/v1/patients/{id}', { params: { path: { id } } })
      .then(({ data }) =>
        data ? { name: data.name, sex: data.sex, birthDate: data.birthDate } : null,
      )
      .catch(() => null);
    names.set(id, known);
    // A failed read is not remembered: the next render asks again.
    void known.then((n) => n ?? names.delete(id));
  }
  return known;
}

/** Who may read the patient index (a community administrator may not). */
const READS_PATIENTS = ['clinician', 'referral_coordinator', 'reader', 'senior_reader'];

export function PatientName({ id }: { id: string }) {
  const { hasRole } = useSession();
  const allowed = hasRole(...READS_PATIENTS);
  const t = useT();
  const [who, setWho] = useState<Who | undefined>();
  useEffect(() => {
    if (!allowed) return;
    let live = true;
    void nameOf(id).then((n) => live && setWho(n));
    return () => {
      live = false;
    };
  }, [id, allowed]);
  const name =
    who === undefined
      ? '…'
      : who === null
        ? '—'
        : t('patientLine', {
            name: who.name,
            sex: who.sex === 'male' ? t('male') : t('female'),
            birth: who.birthDate,
          });
  return <span>{allowed ? name : t('patientHidden')}</span>;
}

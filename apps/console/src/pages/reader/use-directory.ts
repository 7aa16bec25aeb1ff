import { useCallback } from 'react';
import { api, type Answer } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useSession } from '../../session/session';
import { useT } from './i18n';

type Patient = Answer<'/api/v1/patients/{id}', 'get'>;

/**
 * Names for the ids the reading API answers with: the reader's centers (departments of their
 * hospital) and the community's institutions (the submitting clinics).
 */
export function useDirectory() {
  const { actor } = useSession();
  const t = useT();
  const departments = useLoad(
    () =>
      api.GET('/api/v1/institutions/{id}/departments', {
        params: { path: { id: actor.institutionId } },
      }),
    [actor.institutionId],
  );
  const institutions = useLoad(() => api.GET('/api/v1/institutions'), []);
  const centerName = useCallback(
    (id: string | null | undefined) =>
      departments.data?.find((d) => d.id === id)?.name ??
      (id ? t('centerFallback', { id: id.slice(0, 8) }) : '—'),
    [departments.data, t],
  );
  const institutionName = useCallback(
    (id: string | null | undefined) =>
      institutions.data?.find((i) => i.id === id)?.name ??
      (id ? t('institutionFallback', { id: id.slice(0, 8) }) : '—'),
    [institutions.data, t],
  );
  return { centerName, institutionName };
}

/**
 * Patients by id, each fetched once per page load (every read of a patient is audited; a
 * worklist refreshing every 10 s must not read them again and again). A failed read is
 * forgotten so the next render tries again.
 */
const patients = new Map<string, Promise<Patient | null>>();
const patientOfStudy = new Map<string, Promise<string | null>>();

export function loadPatient(id: string): Promise<Patient | null> {
  let p = patients.get(id);
  if (!p) {
    p = api.GET('/api/v1/patients/{id}', { params: { path: { id } } }).then(({ data }) => {
      if (!data) patients.delete(id);
      return data ?? null;
    });
    patients.set(id, p);
  }
  return p;
}

/** The patient of a study from the worklist (which names none): the study, then its patient. */
export function loadPatientOfStudy(studyId: string): Promise<Patient | null> {
  let p = patientOfStudy.get(studyId);
  if (!p) {
    p = api.GET('/api/v1/studies/{id}', { params: { path: { id: studyId } } }).then(({ data }) => {
      if (!data) patientOfStudy.delete(studyId);
      return data?.patientId ?? null;
    });
    patientOfStudy.set(studyId, p);
  }
  return p.then((id) => (id ? loadPatient(id) : null));
}

export type { Patient };

import { useEffect, useState } from 'react';
import { Tag } from 'antd';
import { Muted } from './Muted';
import { ageOn } from './reader-format';
import { loadPatient, loadPatientOfStudy, type Patient } from './use-directory';
import { useT } from './i18n';

/** 张三 · 女 · 76岁, with the masked resident ID as the API gives it. */
export function PatientText({ patient, detailed }: { patient: Patient; detailed?: boolean }) {
  const t = useT();
  const sex = patient.sex === 'female' ? t('female') : t('male');
  return (
    <span>
      {patient.name} · {sex} · {t('age', { n: ageOn(patient.birthDate) })}
      {patient.familyDoctorSigned && (
        <Tag color="#237804" style={{ marginInlineStart: 6 }}>
          {t('signed')}
        </Tag>
      )}
      {detailed && (
        <span style={{ marginInlineStart: 8, color: '#595959' }}>
          {t('residentId', { id: patient.residentIdMasked })}
        </span>
      )}
    </span>
  );
}

/** The patient of a study (by study id or patient id), loaded once and cached. */
export function PatientName(props: {
  studyId?: string;
  patientId?: string | null;
  detailed?: boolean;
}) {
  const t = useT();
  const [patient, setPatient] = useState<Patient | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const load = props.patientId
      ? loadPatient(props.patientId)
      : props.studyId && props.patientId === undefined
        ? loadPatientOfStudy(props.studyId)
        : Promise.resolve(null);
    load.then(
      (p) => live && setPatient(p),
      () => live && setPatient(null),
    );
    return () => {
      live = false;
    };
  }, [props.studyId, props.patientId]);
  if (patient === undefined) return <Muted>…</Muted>;
  if (patient === null) return <Muted>{t('noPatient')}</Muted>;
  return <PatientText patient={patient} detailed={props.detailed} />;
}

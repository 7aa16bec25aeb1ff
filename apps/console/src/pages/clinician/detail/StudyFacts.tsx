import { Descriptions, Typography } from 'antd';
import { beijing, useLocale } from '../../../i18n/locale';
import { useT } from '../i18n';
import { dicomDate, type DicomStudy } from '../shared/dicom-study';
import type { ReadingCenter } from '../shared/directory';
import { patientIn, type PatientView } from '../shared/patient';
import { PriorityTag, StatusTag } from '../shared/status';
import type { Study } from './types';

/** The study and its patient, in the order a clinician checks them. */
export function StudyFacts(props: {
  study: Study;
  dicom?: DicomStudy;
  patient?: PatientView;
  center?: ReadingCenter;
}) {
  const { study, dicom, center } = props;
  const t = useT();
  const { lang } = useLocale();
  const patient = props.patient && patientIn(props.patient, lang);
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2, xl: 3 }}
      items={[
        {
          key: 'patient',
          label: t('patient'),
          children: <span data-testid="patient-name">{patient?.name ?? '—'}</span>,
        },
        {
          key: 'sex',
          label: t('sexAge'),
          children: patient ? `${patient.sex} / ${patient.age}` : '—',
        },
        { key: 'id', label: patient?.idLabel ?? t('patientNo'), children: patient?.id ?? '—' },
        { key: 'modality', label: t('modality'), children: study.modality ?? '—' },
        { key: 'desc', label: t('description'), children: dicom?.studyDescription || '—' },
        { key: 'date', label: t('studyDate'), children: dicomDate(dicom?.studyDate ?? '') },
        { key: 'status', label: t('status'), children: <StatusTag status={study.status} /> },
        { key: 'count', label: t('instanceCount'), children: study.instanceCount },
        { key: 'received', label: t('receivedAt'), children: beijing(study.receivedAt) },
        {
          key: 'center',
          label: t('center'),
          children: center
            ? `${center.institutionName} · ${center.name}`
            : study.centerId
              ? '…'
              : t('notRequested'),
        },
        {
          key: 'priority',
          label: t('priority'),
          children: <PriorityTag priority={study.priority} />,
        },
        { key: 'due', label: t('due'), children: beijing(study.dueAt) },
        {
          key: 'uid',
          label: 'Study Instance UID',
          span: 'filled',
          children: (
            <Typography.Text copyable style={{ fontSize: 12 }}>
              {study.studyInstanceUid}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

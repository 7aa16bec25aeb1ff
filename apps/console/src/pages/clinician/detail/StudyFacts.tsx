import { Descriptions, Typography } from 'antd';
import { beijing } from '../../../i18n/locale';
import { dicomDate, type DicomStudy } from '../shared/dicom-study';
import type { ReadingCenter } from '../shared/directory';
import type { PatientView } from '../shared/patient';
import { PriorityTag, StatusTag } from '../shared/status';
import type { Study } from './types';

/** The study and its patient, in the order a clinician checks them. */
export function StudyFacts(props: {
  study: Study;
  dicom?: DicomStudy;
  patient?: PatientView;
  center?: ReadingCenter;
}) {
  const { study, dicom, patient, center } = props;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2, xl: 3 }}
      items={[
        {
          key: 'patient',
          label: '患者',
          children: <span data-testid="patient-name">{patient?.name ?? '—'}</span>,
        },
        {
          key: 'sex',
          label: '性别 / 年龄',
          children: patient ? `${patient.sex} / ${patient.age}` : '—',
        },
        { key: 'id', label: patient?.idLabel ?? '患者编号', children: patient?.id ?? '—' },
        { key: 'modality', label: '检查类型', children: study.modality ?? '—' },
        { key: 'desc', label: '检查描述', children: dicom?.studyDescription || '—' },
        { key: 'date', label: '检查日期', children: dicomDate(dicom?.studyDate ?? '') },
        { key: 'status', label: '状态', children: <StatusTag status={study.status} /> },
        { key: 'count', label: '影像数', children: study.instanceCount },
        { key: 'received', label: '上传时间', children: beijing(study.receivedAt) },
        {
          key: 'center',
          label: '阅片中心',
          children: center
            ? `${center.institutionName} · ${center.name}`
            : study.centerId
              ? '…'
              : '未申请',
        },
        { key: 'priority', label: '优先级', children: <PriorityTag priority={study.priority} /> },
        { key: 'due', label: '报告时限', children: beijing(study.dueAt) },
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

import { Descriptions } from 'antd';
import { beijing } from '../../../i18n/locale';
import { useT } from '../i18n';
import type { ReadingCenter } from '../shared/directory';
import { PriorityTag } from '../shared/status';
import type { Study } from './types';

/** The 申请单 as it was sent. */
export function RequestSummary({ study, center }: { study: Study; center?: ReadingCenter }) {
  const t = useT();
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      items={[
        {
          key: 'center',
          label: t('center'),
          children: center ? `${center.institutionName} · ${center.name}` : '—',
        },
        {
          key: 'priority',
          label: t('priority'),
          children: <PriorityTag priority={study.priority} />,
        },
        { key: 'history', label: t('history'), children: study.clinicalHistory ?? '—' },
        { key: 'question', label: t('question'), children: study.question ?? '—' },
        { key: 'at', label: t('requestedAt'), children: beijing(study.requestedAt) },
      ]}
    />
  );
}

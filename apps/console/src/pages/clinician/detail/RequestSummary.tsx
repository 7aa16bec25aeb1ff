import { Descriptions } from 'antd';
import { beijing } from '../../../i18n/locale';
import type { ReadingCenter } from '../shared/directory';
import { PriorityTag } from '../shared/status';
import type { Study } from './types';

/** The 申请单 as it was sent. */
export function RequestSummary({ study, center }: { study: Study; center?: ReadingCenter }) {
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      items={[
        {
          key: 'center',
          label: '阅片中心',
          children: center ? `${center.institutionName} · ${center.name}` : '—',
        },
        { key: 'priority', label: '优先级', children: <PriorityTag priority={study.priority} /> },
        { key: 'history', label: '临床病史', children: study.clinicalHistory ?? '—' },
        { key: 'question', label: '检查目的', children: study.question ?? '—' },
        { key: 'at', label: '提交时间', children: beijing(study.requestedAt) },
      ]}
    />
  );
}

import type { ReactNode } from 'react';
import { Timeline, Typography } from 'antd';
import { beijing } from '../../../i18n/locale';
import { finalReport, type Study } from './types';

/**
 * Where the study stands, built from the times the API gives: uploaded, requested, being read
 * (by whom, while the lease lasts), reported and approved; a send-back with its reason.
 */
export function StudyTimeline({ study }: { study: Study }) {
  const report = finalReport(study);
  const items = [
    { color: 'green', title: '上传', content: beijing(study.receivedAt) },
    study.requestedAt && {
      color: 'green',
      title: '提交申请单',
      content: `${beijing(study.requestedAt)}${study.dueAt ? ` · 应于 ${beijing(study.dueAt)} 前出报告` : ''}`,
    },
    study.status === 'RETURNED' && {
      color: 'red',
      title: '退回',
      content: (
        <Typography.Text type="danger">{study.returnedReason ?? '未说明原因'}</Typography.Text>
      ),
    },
    study.status === 'QUEUED' && {
      color: 'blue',
      title: '排队待阅',
      content: '等待诊断医师领取',
      loading: true,
    },
    study.status === 'IN_PROGRESS' && {
      color: 'blue',
      title: '阅片中',
      content: study.lease ? `${study.lease.readerName} 正在阅片` : '诊断医师正在阅片',
      loading: true,
    },
    study.status === 'PRELIMINARY' && {
      color: 'blue',
      title: '初步报告已签发',
      content: '等待上级医师审核',
      loading: true,
    },
    report?.signedAt && {
      color: 'green',
      title: '报告签发',
      content: `${report.authorName} · ${beijing(report.signedAt)}`,
    },
    report?.approvedAt && {
      color: 'green',
      title: '审核通过（终审）',
      content: `${report.approvedByName ?? ''} · ${beijing(report.approvedAt)}`,
    },
  ].filter(Boolean) as { color: string; title: string; content: ReactNode; loading?: boolean }[];
  return <Timeline items={items} data-testid="study-timeline" />;
}

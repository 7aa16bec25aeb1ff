import type { ReactNode } from 'react';
import { Timeline, Typography } from 'antd';
import { beijing } from '../../../i18n/locale';
import { useT } from '../i18n';
import { finalReport, type Study } from './types';

/**
 * Where the study stands, built from the times the API gives: uploaded, requested, being read
 * (by whom, while the lease lasts), reported and approved; a send-back with its reason.
 */
export function StudyTimeline({ study }: { study: Study }) {
  const report = finalReport(study);
  const t = useT();
  const items = [
    { color: 'green', title: t('tlUploaded'), content: beijing(study.receivedAt) },
    study.requestedAt && {
      color: 'green',
      title: t('tlRequested'),
      content: `${beijing(study.requestedAt)}${study.dueAt ? t('tlDue', { at: beijing(study.dueAt) }) : ''}`,
    },
    study.status === 'RETURNED' && {
      color: 'red',
      title: t('tlReturned'),
      content: (
        <Typography.Text type="danger">{study.returnedReason ?? t('noReason')}</Typography.Text>
      ),
    },
    study.status === 'QUEUED' && {
      color: 'blue',
      title: t('tlQueued'),
      content: t('tlQueuedText'),
      loading: true,
    },
    study.status === 'IN_PROGRESS' && {
      color: 'blue',
      title: t('tlReading'),
      content: study.lease
        ? t('tlReadingBy', { name: study.lease.readerName })
        : t('tlReadingAnon'),
      loading: true,
    },
    study.status === 'PRELIMINARY' && {
      color: 'blue',
      title: t('tlPreliminary'),
      content: t('tlPreliminaryText'),
      loading: true,
    },
    report?.signedAt && {
      color: 'green',
      title: t('tlSigned'),
      content: `${report.authorName} · ${beijing(report.signedAt)}`,
    },
    report?.approvedAt && {
      color: 'green',
      title: t('tlApproved'),
      content: `${report.approvedByName ?? ''} · ${beijing(report.approvedAt)}`,
    },
  ].filter(Boolean) as { color: string; title: string; content: ReactNode; loading?: boolean }[];
  return <Timeline items={items} data-testid="study-timeline" />;
}

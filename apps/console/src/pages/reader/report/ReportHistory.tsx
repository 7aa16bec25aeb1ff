import { Collapse, Descriptions, Tag } from 'antd';
import { beijing } from '../../../i18n/locale';
import type { Study } from '../reading/StudyPanel';
import { REPORT_STATUS } from '../reader-format';
import { useLabel, useT } from '../i18n';
import { FactSheet } from '../FactSheet';

type Report = Study['reports'][number];

const text = (s: string) => <div style={{ whiteSpace: 'pre-wrap' }}>{s}</div>;

/** One report version: what it says and who signed and approved it when. */
export function ReportView({ report }: { report: Report }) {
  const t = useT();
  const label = useLabel();
  const status = REPORT_STATUS[report.status];
  return (
    <FactSheet testId="report-view">
      <Descriptions.Item label={t('fStatus')}>
        <Tag color={status.color}>{label(status)}</Tag> {t('version', { n: report.version })}
      </Descriptions.Item>
      <Descriptions.Item label={t('findings')}>{text(report.findings)}</Descriptions.Item>
      <Descriptions.Item label={t('impression')}>{text(report.impression)}</Descriptions.Item>
      <Descriptions.Item label={t('colAuthor')}>
        {report.authorName} ·{' '}
        {report.signedAt ? t('signedAt', { t: beijing(report.signedAt) }) : t('unsigned')}
      </Descriptions.Item>
      {report.approvedByName && (
        <Descriptions.Item label={t('approver')}>
          {report.approvedByName} · {beijing(report.approvedAt)}
        </Descriptions.Item>
      )}
      {report.amendReason && (
        <Descriptions.Item label={t('amendReason')}>{report.amendReason}</Descriptions.Item>
      )}
    </FactSheet>
  );
}

/** Every earlier version, newest first (an amendment keeps the versions it supersedes). */
export function ReportHistory({ reports }: { reports: Report[] }) {
  const t = useT();
  if (reports.length === 0) return null;
  return (
    <Collapse
      size="small"
      style={{ marginTop: 12 }}
      items={[
        {
          key: 'history',
          label: t('history', { n: reports.length }),
          children: reports.map((r) => (
            <div key={r.version} style={{ marginBottom: 12 }}>
              <ReportView report={r} />
            </div>
          )),
        },
      ]}
    />
  );
}

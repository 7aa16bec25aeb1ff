import { useNavigate } from 'react-router';
import { Alert, Button, Collapse, Descriptions, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { beijing, useLocale } from '../../../i18n/locale';
import { useT } from '../i18n';
import { statusLabel } from '../shared/status';
import { finalReport, type Report, type Study } from './types';

/** The final report as the clinic reads it, earlier (amended) versions below it, and printing. */
export function FinalReport({ study }: { study: Study }) {
  const navigate = useNavigate();
  const t = useT();
  const { lang } = useLocale();
  const report = finalReport(study);
  if (!report)
    return (
      <Alert
        type="info"
        showIcon
        title={t('notYet', { status: statusLabel(study.status, lang) })}
        description={t('notYetText')}
      />
    );
  const earlier = study.reports.filter((r) => r !== report);
  return (
    <div data-testid="final-report">
      <ReportBody report={report} />
      <Button
        type="primary"
        icon={<PrinterOutlined />}
        style={{ marginTop: 12 }}
        onClick={() => navigate(`/reports/${study.id}/print`)}
      >
        {t('printReport')}
      </Button>
      {earlier.length > 0 && (
        <Collapse
          style={{ marginTop: 12 }}
          items={[
            {
              key: 'history',
              label: t('earlier', { n: earlier.length }),
              children: earlier.map((r) => <ReportBody key={r.version} report={r} />),
            },
          ]}
        />
      )}
    </div>
  );
}

function ReportBody({ report }: { report: Report }) {
  const t = useT();
  return (
    <Descriptions
      size="small"
      bordered
      column={2}
      title={t('version', {
        v: report.version,
        state: report.status === 'FINAL' ? t('finalState') : t('amendedState'),
      })}
      items={[
        {
          key: 'findings',
          label: t('findings'),
          span: 2,
          children: (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {report.findings}
            </Typography.Paragraph>
          ),
        },
        {
          key: 'impression',
          label: t('impression'),
          span: 2,
          children: (
            <Typography.Paragraph
              strong
              style={{ whiteSpace: 'pre-wrap', margin: 0 }}
              data-testid="impression"
            >
              {report.impression}
            </Typography.Paragraph>
          ),
        },
        { key: 'author', label: t('author'), children: report.authorName },
        { key: 'signed', label: t('signedAt'), children: beijing(report.signedAt) },
        { key: 'approver', label: t('approver'), children: report.approvedByName ?? '—' },
        { key: 'approved', label: t('approvedAt'), children: beijing(report.approvedAt) },
        ...(report.amendReason
          ? [{ key: 'amend', label: t('amendReason'), span: 2, children: report.amendReason }]
          : []),
      ]}
    />
  );
}

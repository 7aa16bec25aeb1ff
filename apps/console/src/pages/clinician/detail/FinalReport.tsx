import { useNavigate } from 'react-router';
import { Alert, Button, Collapse, Descriptions, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { beijing } from '../../../i18n/locale';
import { STUDY_STATUS } from '../shared/status';
import { finalReport, type Report, type Study } from './types';

/** The final report as the clinic reads it, earlier (amended) versions below it, and printing. */
export function FinalReport({ study }: { study: Study }) {
  const navigate = useNavigate();
  const report = finalReport(study);
  if (!report)
    return (
      <Alert
        type="info"
        showIcon
        title={`报告尚未出具（${STUDY_STATUS[study.status]?.label ?? study.status}）`}
        description="终审报告出具后会自动显示在这里，无需刷新页面。"
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
        打印报告
      </Button>
      {earlier.length > 0 && (
        <Collapse
          style={{ marginTop: 12 }}
          items={[
            {
              key: 'history',
              label: `历史版本（${earlier.length}）`,
              children: earlier.map((r) => <ReportBody key={r.version} report={r} />),
            },
          ]}
        />
      )}
    </div>
  );
}

function ReportBody({ report }: { report: Report }) {
  return (
    <Descriptions
      size="small"
      bordered
      column={2}
      title={`第 ${report.version} 版 · ${report.status === 'FINAL' ? '终审报告' : '已被修订'}`}
      items={[
        {
          key: 'findings',
          label: '影像所见',
          span: 2,
          children: (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {report.findings}
            </Typography.Paragraph>
          ),
        },
        {
          key: 'impression',
          label: '诊断意见',
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
        { key: 'author', label: '报告医师', children: report.authorName },
        { key: 'signed', label: '签发时间', children: beijing(report.signedAt) },
        { key: 'approver', label: '审核医师', children: report.approvedByName ?? '—' },
        { key: 'approved', label: '审核时间', children: beijing(report.approvedAt) },
        ...(report.amendReason
          ? [{ key: 'amend', label: '修订原因', span: 2, children: report.amendReason }]
          : []),
      ]}
    />
  );
}

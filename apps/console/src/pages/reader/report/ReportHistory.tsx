import { Collapse, Descriptions, Tag } from 'antd';
import { beijing } from '../../../i18n/locale';
import type { Study } from '../reading/StudyPanel';
import { REPORT_STATUS } from '../reader-format';

type Report = Study['reports'][number];

const text = (s: string) => <div style={{ whiteSpace: 'pre-wrap' }}>{s}</div>;

/** One report version: what it says and who signed and approved it when. */
export function ReportView({ report }: { report: Report }) {
  const status = REPORT_STATUS[report.status];
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      data-testid="report-view"
      styles={{ label: { width: 88, whiteSpace: 'nowrap' } }}
    >
      <Descriptions.Item label="状态">
        <Tag color={status.color}>{status.label}</Tag> 第 {report.version} 版
      </Descriptions.Item>
      <Descriptions.Item label="检查所见">{text(report.findings)}</Descriptions.Item>
      <Descriptions.Item label="诊断意见">{text(report.impression)}</Descriptions.Item>
      <Descriptions.Item label="报告医生">
        {report.authorName} · {report.signedAt ? `签名于 ${beijing(report.signedAt)}` : '未签名'}
      </Descriptions.Item>
      {report.approvedByName && (
        <Descriptions.Item label="审核医生">
          {report.approvedByName} · {beijing(report.approvedAt)}
        </Descriptions.Item>
      )}
      {report.amendReason && (
        <Descriptions.Item label="修订原因">{report.amendReason}</Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** Every earlier version, newest first (an amendment keeps the versions it supersedes). */
export function ReportHistory({ reports }: { reports: Report[] }) {
  if (reports.length === 0) return null;
  return (
    <Collapse
      size="small"
      style={{ marginTop: 12 }}
      items={[
        {
          key: 'history',
          label: `历史版本（${reports.length}）`,
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

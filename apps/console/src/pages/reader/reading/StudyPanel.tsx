import { Alert, Button, Descriptions, Popconfirm, Space, Tag } from 'antd';
import type { Answer } from '../../../api/client';
import { Panel } from '../../../components/Panel';
import { beijing } from '../../../i18n/locale';
import { useSession } from '../../../session/session';
import { Countdown } from '../worklist/Countdown';
import { PatientName } from '../PatientName';
import { PRIORITY, STUDY_STATUS } from '../reader-format';

export type Study = Answer<'/api/v1/studies/{id}', 'get'>;

/** 申请单 and where the study stands: patient, clinic, history, question, priority, lease. */
export function StudyPanel(props: {
  study: Study;
  held: boolean;
  leaseExpiresAt: string | null;
  centerName: string;
  institutionName: string;
  busy: string | null;
  onClaim: () => void;
  onRelease: () => void;
}) {
  const { actor } = useSession();
  const { study } = props;
  const status = STUDY_STATUS[study.status] ?? { label: study.status, color: '#595959' };
  const suggested = study.suggestedPriority;
  const canClaim =
    study.status === 'QUEUED' && !!study.centerId && actor.centerIds.includes(study.centerId);

  const lease = props.held ? (
    <Space wrap>
      <span>本人阅片中，租约至 {beijing(props.leaseExpiresAt, 'HH:mm:ss')}（自动续期）</span>
      <Popconfirm
        title="释放回队列？"
        description="其他医生即可认领；未保存的报告内容不会保留。"
        okText="释放"
        cancelText="取消"
        onConfirm={props.onRelease}
      >
        <Button size="small" loading={props.busy === 'release'}>
          释放回队列
        </Button>
      </Popconfirm>
    </Space>
  ) : study.lease ? (
    <span>
      {study.lease.readerName} 阅片中（至 {beijing(study.lease.expiresAt, 'HH:mm:ss')}）
    </span>
  ) : canClaim ? (
    <Button type="primary" size="small" loading={props.busy === 'claim'} onClick={props.onClaim}>
      认领本检查
    </Button>
  ) : (
    '—'
  );

  return (
    <Panel title="检查与申请单">
      {study.returnedReason && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`曾退回基层：${study.returnedReason}`}
        />
      )}
      <Descriptions
        size="small"
        column={1}
        bordered
        data-testid="study-info"
        styles={{ label: { width: 88, whiteSpace: 'nowrap' } }}
      >
        <Descriptions.Item label="患者">
          <PatientName patientId={study.patientId} detailed />
        </Descriptions.Item>
        <Descriptions.Item label="申请机构">{props.institutionName}</Descriptions.Item>
        <Descriptions.Item label="阅片中心">{props.centerName}</Descriptions.Item>
        <Descriptions.Item label="检查">
          <Tag>{study.modality ?? '—'}</Tag> {study.instanceCount} 幅图像/记录
        </Descriptions.Item>
        <Descriptions.Item label="状态">
          <Tag color={status.color}>{status.label}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="优先级">
          {study.priority ? (
            <Tag color={PRIORITY[study.priority].color}>{PRIORITY[study.priority].label}</Tag>
          ) : (
            '—'
          )}
          {suggested && suggested !== study.priority && (
            <span> 分析仪建议：{PRIORITY[suggested].label}</span>
          )}
        </Descriptions.Item>
        <Descriptions.Item label="临床病史">{study.clinicalHistory ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="检查目的">{study.question ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="申请时间">{beijing(study.requestedAt)}</Descriptions.Item>
        <Descriptions.Item label="报告时限">
          <Space wrap>
            {beijing(study.dueAt)}
            {['QUEUED', 'IN_PROGRESS', 'PRELIMINARY'].includes(study.status) && (
              <Countdown requestedAt={study.requestedAt} dueAt={study.dueAt} />
            )}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="租约">{lease}</Descriptions.Item>
      </Descriptions>
    </Panel>
  );
}

import { useState } from 'react';
import { App, Button, List, Tag } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { api, problemText } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { Panel } from '../../../components/Panel';
import { beijing } from '../../../i18n/locale';
import { Muted } from '../Muted';
import type { Study } from '../reading/StudyPanel';
import { ReasonDialog } from './ReasonDialog';

/** The common 危急值 of each kind of study (county hospital critical value lists). */
const COMMON: Record<string, string[]> = {
  CT: ['急性脑出血', '大面积脑梗死', '张力性气胸', '主动脉夹层', '肺动脉栓塞', '消化道穿孔'],
  ECG: [
    '急性ST段抬高型心肌梗死',
    '室性心动过速',
    '心室颤动',
    '三度房室传导阻滞',
    '严重窦性心动过缓（<40次/分）',
  ],
  DX: ['张力性气胸', '大量气胸', '消化道穿孔（膈下游离气体）'],
};

/**
 * 危急值: flag a critical finding (the submitting clinic is told at once and must acknowledge
 * it) and follow the ones already raised on this study.
 */
export function CriticalPanel({ study, impression }: { study: Study; impression: string }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const list = useLoad(() => api.GET('/api/v1/critical-findings'), []);
  const mine = (list.data?.items ?? []).filter((c) => c.studyId === study.id);
  const allowed = ['IN_PROGRESS', 'PRELIMINARY', 'FINAL'].includes(study.status);
  const kind = study.modality === 'CR' || study.modality === 'DR' ? 'DX' : (study.modality ?? '');

  const raise = async (description: string) => {
    const { data, error } = await api.POST('/api/v1/studies/{id}/critical', {
      params: { path: { id: study.id } },
      body: { description },
    });
    if (!data) return `上报失败：${problemText(error)}`;
    message.warning(`危急值已通知申请机构，须在 ${beijing(data.ackDeadline, 'HH:mm')} 前确认`);
    list.reload();
    return undefined;
  };

  return (
    <Panel
      title="危急值"
      loading={list.loading}
      error={list.error}
      onRetry={list.reload}
      extra={
        <Button danger icon={<AlertOutlined />} disabled={!allowed} onClick={() => setOpen(true)}>
          上报危急值
        </Button>
      }
    >
      <List
        size="small"
        dataSource={mine}
        locale={{ emptyText: <Muted>本检查未上报危急值</Muted> }}
        renderItem={(c) => (
          <List.Item data-testid="critical-item">
            <div>
              <Tag color="#cf1322">危急值</Tag>
              <strong>{c.description}</strong>
              <div>
                {c.raisedByName} 上报于 {beijing(c.raisedAt)} ·{' '}
                {c.acknowledgedAt
                  ? `${c.acknowledgedByName ?? ''} 已于 ${beijing(c.acknowledgedAt)} 确认`
                  : `待基层确认（时限 ${beijing(c.ackDeadline, 'HH:mm')}）`}
                {c.escalatedAt && !c.acknowledgedAt && <Tag color="#cf1322">已超时升级</Tag>}
              </div>
            </div>
          </List.Item>
        )}
      />
      {open && (
        <ReasonDialog
          title="上报危急值"
          label="危急值描述"
          okText="上报并通知基层"
          danger
          maxLength={2000}
          initial={impression}
          suggestions={COMMON[kind] ?? COMMON.CT}
          onSubmit={raise}
          onClose={() => setOpen(false)}
        />
      )}
    </Panel>
  );
}

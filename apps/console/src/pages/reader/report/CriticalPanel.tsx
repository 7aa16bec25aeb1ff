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
import { useT } from '../i18n';

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
  const t = useT();
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
    if (!data) return t('raiseFailed', { e: problemText(error) });
    message.warning(t('criticalSent', { t: beijing(data.ackDeadline, 'HH:mm') }));
    list.reload();
    return undefined;
  };

  return (
    <Panel
      title={t('critical')}
      loading={list.loading}
      error={list.error}
      onRetry={list.reload}
      extra={
        <Button danger icon={<AlertOutlined />} disabled={!allowed} onClick={() => setOpen(true)}>
          {t('raiseCritical')}
        </Button>
      }
    >
      <List
        size="small"
        dataSource={mine}
        locale={{ emptyText: <Muted>{t('noCritical')}</Muted> }}
        renderItem={(c) => (
          <List.Item data-testid="critical-item">
            <div>
              <Tag color="#cf1322">{t('critical')}</Tag>
              <strong>{c.description}</strong>
              <div>
                {t('raisedBy', { name: c.raisedByName ?? '', t: beijing(c.raisedAt) })}
                {c.acknowledgedAt
                  ? t('ackedBy', { name: c.acknowledgedByName ?? '', t: beijing(c.acknowledgedAt) })
                  : t('awaitingAck', { t: beijing(c.ackDeadline, 'HH:mm') })}
                {c.escalatedAt && !c.acknowledgedAt && <Tag color="#cf1322">{t('escalated')}</Tag>}
              </div>
            </div>
          </List.Item>
        )}
      />
      {open && (
        <ReasonDialog
          title={t('raiseCritical')}
          label={t('criticalDesc')}
          okText={t('raiseAndNotify')}
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

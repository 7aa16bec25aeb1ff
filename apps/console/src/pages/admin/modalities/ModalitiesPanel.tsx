import { useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api, problemText } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { Panel } from '../../../components/Panel';
import { StatusBadge } from '../users/StatusBadge';
import type { Directory } from '../users/use-directory';
import { useModalityT } from './i18n';
import { type Modality, ModalityFormModal } from './ModalityFormModal';

/**
 * The community's DICOM modalities (issue 15): which AE titles may store studies and read the
 * worklist, for which institution, from which address; disabled rather than deleted.
 */
export function ModalitiesPanel({ directory }: { directory: Directory }) {
  const { message } = App.useApp();
  const t = useModalityT();
  const list = useLoad(() => api.GET('/api/v1/admin/modalities'), []);
  const [editing, setEditing] = useState<Modality | 'new' | null>(null);

  const toggle = async (m: Modality, active: boolean) => {
    const { error, response } = await api.POST(
      `/api/v1/admin/modalities/{id}/${active ? 'enable' : 'disable'}`,
      { params: { path: { id: m.id } } },
    );
    if (response.ok) {
      void message.success(t(active ? 'nameEnabled' : 'nameDisabled', { name: m.aeTitle }));
      list.reload();
    } else void message.error(t('nameProblem', { name: m.aeTitle, problem: problemText(error) }));
  };

  return (
    <Panel
      title={t('panel')}
      loading={list.loading}
      error={list.error}
      onRetry={list.reload}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('add')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Table<Modality>
        rowKey="id"
        size="small"
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, showTotal: (n) => t('total', { n }) }}
        columns={[
          { title: t('aeTitle'), dataIndex: 'aeTitle', width: 150 },
          { title: t('name'), dataIndex: 'name' },
          {
            title: t('institution'),
            dataIndex: 'institutionId',
            render: (id: string) => directory.institutionName(id),
          },
          {
            title: t('hostColumn'),
            dataIndex: 'host',
            width: 140,
            render: (h: string | null) => h ?? t('anyHost'),
          },
          {
            title: t('lastSeen'),
            dataIndex: 'lastSeenAt',
            width: 150,
            render: (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : t('never')),
          },
          {
            title: t('status'),
            dataIndex: 'active',
            width: 90,
            render: (active: boolean) => (
              <StatusBadge
                tone={active ? 'success' : 'default'}
                text={t(active ? 'enabled' : 'disabled')}
              />
            ),
          },
          {
            title: t('actions'),
            key: 'op',
            width: 130,
            render: (_, m) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(m)}>
                  {t('edit')}
                </Button>
                {m.active ? (
                  <Popconfirm
                    title={t('disableWho', { name: m.aeTitle })}
                    description={t('disableNote')}
                    okText={t('disable')}
                    cancelText={t('cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => toggle(m, false)}
                  >
                    <Button type="link" size="small" danger>
                      {t('disable')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => void toggle(m, true)}>
                    {t('enable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ModalityFormModal
        open={editing !== null}
        modality={editing === 'new' || editing === null ? undefined : editing}
        directory={directory}
        onClose={() => setEditing(null)}
        onSaved={(m) => {
          setEditing(null);
          void message.success(t('saved', { ae: m.aeTitle }));
          list.reload();
        }}
      />
    </Panel>
  );
}

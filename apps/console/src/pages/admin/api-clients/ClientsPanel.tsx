import { useEffect, useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Tag, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, problemText } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { Panel } from '../../../components/Panel';
import { beijing } from '../../../i18n/locale';
import type { Directory } from '../users/use-directory';
import { type ApiClient, ClientFormModal, type CreatedClient } from './ClientFormModal';
import { apiLabels } from './labels';
import { useLang } from '../i18n';
import { type ApiT, useApiT } from './i18n';
import { RotateKeyModal } from './RotateKeyModal';
import { StatusBadge } from '../users/StatusBadge';

function clientStatus(c: ApiClient, t: ApiT) {
  if (c.revokedAt) return <StatusBadge tone="error" text={t('revoked')} />;
  return c.active ? (
    <StatusBadge tone="success" text={t('active')} />
  ) : (
    <StatusBadge tone="warning" text={t('suspended')} />
  );
}

/** The community's API clients: create, edit scopes and limit, rotate, suspend, revoke. */
export function ClientsPanel(props: {
  directory: Directory;
  selected?: ApiClient;
  onSelect: (client: ApiClient) => void;
  onKey: (title: string, key: string) => void;
}) {
  const { message } = App.useApp();
  const t = useApiT();
  const { SCOPE_LABELS } = apiLabels(useLang());
  const clients = useLoad(() => api.GET('/api/v1/api-clients'), []);
  const [editing, setEditing] = useState<ApiClient | 'new'>();
  const [rotating, setRotating] = useState<ApiClient>();

  // The webhook panel shows the picked client as the list now has it (revoked, renamed, …).
  const { selected, onSelect } = props;
  useEffect(() => {
    const fresh = clients.data?.items.find((c) => c.id === selected?.id);
    if (fresh && selected && JSON.stringify(fresh) !== JSON.stringify(selected)) onSelect(fresh);
  }, [clients.data, selected, onSelect]);

  const shown = (title: string, created: CreatedClient) => {
    props.onKey(title, created.apiKey);
    clients.reload();
  };
  const patchActive = async (c: ApiClient, active: boolean) => {
    const { data, error } = await api.PATCH('/api/v1/api-clients/{id}', {
      params: { path: { id: c.id } },
      body: { active },
    });
    if (data) void message.success(t(active ? 'nameResumed' : 'nameSuspended', { name: c.name }));
    else void message.error(t('nameProblem', { name: c.name, problem: problemText(error) }));
    clients.reload();
  };
  const revoke = async (c: ApiClient) => {
    const { data, error } = await api.POST('/api/v1/api-clients/{id}/revoke', {
      params: { path: { id: c.id } },
    });
    if (data) void message.success(t('nameRevoked', { name: c.name }));
    else void message.error(t('nameProblem', { name: c.name, problem: problemText(error) }));
    clients.reload();
  };

  return (
    <Panel
      title={t('clientsPanel')}
      loading={clients.loading}
      error={clients.error}
      onRetry={clients.reload}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('newClient')}
        </Button>
      }
    >
      <Table<ApiClient>
        rowKey="id"
        size="small"
        dataSource={clients.data?.items ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        rowClassName={(c) => (c.id === props.selected?.id ? 'ant-table-row-selected' : '')}
        columns={[
          {
            title: t('nameInstitution'),
            dataIndex: 'name',
            width: 210,
            render: (name: string, c) => (
              <>
                <div>{name}</div>
                <div style={{ fontSize: 12, color: '#595959' }}>
                  {props.directory.institutionName(c.institutionId)} · {t('lastUsed')}{' '}
                  {beijing(c.lastUsedAt)}
                </div>
              </>
            ),
          },
          {
            title: t('key'),
            dataIndex: 'keyPrefix',
            width: 200,
            render: (prefix: string, c) => (
              <>
                <code>cmc_{prefix}_…</code>
                {c.previousKeyExpiresAt && (
                  <div style={{ fontSize: 12 }}>
                    {t('oldKeyUntil', { at: beijing(c.previousKeyExpiresAt) })}
                  </div>
                )}
              </>
            ),
          },
          {
            title: t('scopes'),
            dataIndex: 'scopes',
            render: (scopes: string[]) =>
              scopes.map((s) => (
                <Tooltip key={s} title={SCOPE_LABELS[s]}>
                  <Tag style={{ marginBottom: 2, marginInlineEnd: 4 }}>{s}</Tag>
                </Tooltip>
              )),
          },
          {
            title: t('perMinute'),
            dataIndex: 'rateLimitPerMinute',
            width: 90,
            render: (n: number | null) => n ?? t('global'),
          },
          { title: t('status'), key: 'status', width: 80, render: (_, c) => clientStatus(c, t) },
          {
            title: t('actions'),
            key: 'op',
            fixed: 'end',
            width: 250,
            render: (_, c) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => props.onSelect(c)}>
                  Webhook
                </Button>
                {!c.revokedAt && (
                  <>
                    <Button type="link" size="small" onClick={() => setEditing(c)}>
                      {t('edit')}
                    </Button>
                    <Button type="link" size="small" onClick={() => setRotating(c)}>
                      {t('rotateKey')}
                    </Button>
                    <Button type="link" size="small" onClick={() => void patchActive(c, !c.active)}>
                      {c.active ? t('suspend') : t('resume')}
                    </Button>
                    <Popconfirm
                      title={t('revokeWho', { name: c.name })}
                      description={t('revokeNote')}
                      okText={t('revoke')}
                      cancelText={t('cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => revoke(c)}
                    >
                      <Button type="link" size="small" danger>
                        {t('revoke')}
                      </Button>
                    </Popconfirm>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ClientFormModal
        open={editing !== undefined}
        client={editing === 'new' ? undefined : editing}
        directory={props.directory}
        onClose={() => setEditing(undefined)}
        onCreated={(created) => {
          setEditing(undefined);
          shown(t('clientCreated', { name: created.name }), created);
        }}
        onSaved={(c) => {
          void message.success(t('saved', { name: c.name }));
          setEditing(undefined);
          clients.reload();
        }}
      />
      <RotateKeyModal
        client={rotating}
        onClose={() => setRotating(undefined)}
        onRotated={(rotated) => {
          setRotating(undefined);
          shown(t('newKeyOf', { name: rotated.name }), rotated);
        }}
      />
    </Panel>
  );
}

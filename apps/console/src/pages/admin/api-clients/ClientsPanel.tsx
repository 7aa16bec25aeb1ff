import { useEffect, useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Tag, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, problemText } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { Panel } from '../../../components/Panel';
import { beijing } from '../../../i18n/locale';
import type { Directory } from '../users/use-directory';
import { type ApiClient, ClientFormModal, type CreatedClient } from './ClientFormModal';
import { SCOPE_LABELS } from './labels';
import { RotateKeyModal } from './RotateKeyModal';
import { StatusBadge } from '../users/StatusBadge';

function clientStatus(c: ApiClient) {
  if (c.revokedAt) return <StatusBadge tone="error" text="已吊销" />;
  return c.active ? (
    <StatusBadge tone="success" text="启用" />
  ) : (
    <StatusBadge tone="warning" text="已暂停" />
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
    if (data) void message.success(`${c.name} 已${active ? '恢复' : '暂停'}`);
    else void message.error(`${c.name}：${problemText(error)}`);
    clients.reload();
  };
  const revoke = async (c: ApiClient) => {
    const { data, error } = await api.POST('/api/v1/api-clients/{id}/revoke', {
      params: { path: { id: c.id } },
    });
    if (data) void message.success(`${c.name} 已吊销`);
    else void message.error(`${c.name}：${problemText(error)}`);
    clients.reload();
  };

  return (
    <Panel
      title="接口客户端（HIS / EMR / PACS 对接）"
      loading={clients.loading}
      error={clients.error}
      onRetry={clients.reload}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建客户端
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
            title: '名称 / 机构',
            dataIndex: 'name',
            width: 210,
            render: (name: string, c) => (
              <>
                <div>{name}</div>
                <div style={{ fontSize: 12, color: '#595959' }}>
                  {props.directory.institutionName(c.institutionId)} · 最近使用{' '}
                  {beijing(c.lastUsedAt)}
                </div>
              </>
            ),
          },
          {
            title: '密钥',
            dataIndex: 'keyPrefix',
            width: 200,
            render: (prefix: string, c) => (
              <>
                <code>cmc_{prefix}_…</code>
                {c.previousKeyExpiresAt && (
                  <div style={{ fontSize: 12 }}>旧密钥有效至 {beijing(c.previousKeyExpiresAt)}</div>
                )}
              </>
            ),
          },
          {
            title: '权限范围',
            dataIndex: 'scopes',
            render: (scopes: string[]) =>
              scopes.map((s) => (
                <Tooltip key={s} title={SCOPE_LABELS[s]}>
                  <Tag style={{ marginBottom: 2, marginInlineEnd: 4 }}>{s}</Tag>
                </Tooltip>
              )),
          },
          {
            title: '每分钟上限',
            dataIndex: 'rateLimitPerMinute',
            width: 90,
            render: (n: number | null) => n ?? '全局',
          },
          { title: '状态', key: 'status', width: 80, render: (_, c) => clientStatus(c) },
          {
            title: '操作',
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
                      编辑
                    </Button>
                    <Button type="link" size="small" onClick={() => setRotating(c)}>
                      轮换密钥
                    </Button>
                    <Button type="link" size="small" onClick={() => void patchActive(c, !c.active)}>
                      {c.active ? '暂停' : '恢复'}
                    </Button>
                    <Popconfirm
                      title={`吊销 ${c.name}？`}
                      description="新旧密钥都将在几秒内被永久拒绝，吊销后不能恢复。"
                      okText="吊销"
                      cancelText="取消"
                      okButtonProps={{ danger: true }}
                      onConfirm={() => revoke(c)}
                    >
                      <Button type="link" size="small" danger>
                        吊销
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
          shown(`接口客户端“${created.name}”已创建`, created);
        }}
        onSaved={(c) => {
          void message.success(`已保存 ${c.name}`);
          setEditing(undefined);
          clients.reload();
        }}
      />
      <RotateKeyModal
        client={rotating}
        onClose={() => setRotating(undefined)}
        onRotated={(rotated) => {
          setRotating(undefined);
          shown(`“${rotated.name}”的新密钥`, rotated);
        }}
      />
    </Panel>
  );
}

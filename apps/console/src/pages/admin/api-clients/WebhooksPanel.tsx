import { useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, problemText } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { Panel } from '../../../components/Panel';
import { beijing } from '../../../i18n/locale';
import type { ApiClient } from './ClientFormModal';
import { DeliveriesPanel } from './DeliveriesPanel';
import { type Endpoint, EndpointFormModal } from './EndpointFormModal';
import { EVENT_LABELS } from './labels';
import { StatusBadge } from '../users/StatusBadge';

/** The webhook endpoints of one client, and the delivery log of the one picked. */
export function WebhooksPanel(props: {
  client: ApiClient;
  onSecret: (title: string, secret: string) => void;
}) {
  const { message } = App.useApp();
  const { client } = props;
  const endpoints = useLoad(
    () => api.GET('/api/v1/webhooks/endpoints', { params: { query: { clientId: client.id } } }),
    [client.id],
  );
  const [editing, setEditing] = useState<Endpoint | 'new'>();
  const [logOf, setLogOf] = useState<Endpoint>();

  const act = async (e: Endpoint, what: 'enable' | 'disable' | 'delete' | 'rotate') => {
    const path = { params: { path: { id: e.id } } };
    const answer =
      what === 'delete'
        ? await api.DELETE('/api/v1/webhooks/endpoints/{id}', path)
        : what === 'rotate'
          ? await api.POST('/api/v1/webhooks/endpoints/{id}/rotate-secret', { ...path, body: {} })
          : await api.PATCH('/api/v1/webhooks/endpoints/{id}', {
              ...path,
              body: { active: what === 'enable' },
            });
    if (!answer.data) return void message.error(`${e.url}：${problemText(answer.error)}`);
    if ('secret' in answer.data)
      props.onSecret(
        '新的签名密钥（旧密钥在 24 小时内同时签名）',
        (answer.data as { secret: string }).secret,
      );
    else void message.success('已保存');
    if (what === 'delete' && logOf?.id === e.id) setLogOf(undefined);
    endpoints.reload();
  };

  return (
    <>
      <Panel
        title={`Webhook 订阅：${client.name}`}
        loading={endpoints.loading}
        error={endpoints.error}
        onRetry={endpoints.reload}
        extra={
          !client.revokedAt && (
            <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              添加 Webhook
            </Button>
          )
        }
      >
        <Table<Endpoint>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={endpoints.data?.items ?? []}
          locale={{ emptyText: '该客户端还没有 Webhook 订阅' }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: '接收地址',
              dataIndex: 'url',
              render: (url: string, e) => (
                <>
                  <Typography.Text code>{url}</Typography.Text>
                  {e.description && <div style={{ fontSize: 12 }}>{e.description}</div>}
                </>
              ),
            },
            {
              title: '事件',
              dataIndex: 'eventTypes',
              render: (types: string[]) =>
                types.map((t) => (
                  <Tag key={t} title={t} style={{ marginBottom: 2 }}>
                    {EVENT_LABELS[t] ?? t}
                  </Tag>
                )),
            },
            {
              title: '状态',
              key: 'status',
              width: 140,
              render: (_, e) =>
                e.active ? (
                  <StatusBadge tone="success" text="启用" />
                ) : (
                  <>
                    <StatusBadge tone="warning" text="已停用" />
                    {e.disabledReason && <div style={{ fontSize: 12 }}>{e.disabledReason}</div>}
                  </>
                ),
            },
            {
              title: '创建时间',
              dataIndex: 'createdAt',
              width: 130,
              render: (at: string) => beijing(at),
            },
            {
              title: '操作',
              key: 'op',
              width: 260,
              render: (_, e) => (
                <Space size={0} wrap>
                  <Button type="link" size="small" onClick={() => setLogOf(e)}>
                    投递记录
                  </Button>
                  <Button type="link" size="small" onClick={() => setEditing(e)}>
                    编辑
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => void act(e, e.active ? 'disable' : 'enable')}
                  >
                    {e.active ? '停用' : '启用'}
                  </Button>
                  <Popconfirm
                    title="轮换签名密钥？"
                    description="新密钥只显示一次；24 小时内新旧密钥同时签名。"
                    okText="轮换"
                    cancelText="取消"
                    onConfirm={() => act(e, 'rotate')}
                  >
                    <Button type="link" size="small">
                      轮换密钥
                    </Button>
                  </Popconfirm>
                  <Popconfirm
                    title="删除该 Webhook？"
                    description="连同它的投递记录一起删除，不能恢复。"
                    okText="删除"
                    cancelText="取消"
                    okButtonProps={{ danger: true }}
                    onConfirm={() => act(e, 'delete')}
                  >
                    <Button type="link" size="small" danger>
                      删除
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
        <EndpointFormModal
          open={editing !== undefined}
          client={client}
          endpoint={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onCreated={(created) => {
            setEditing(undefined);
            props.onSecret(`Webhook 签名密钥（${created.url}）`, created.secret);
            endpoints.reload();
          }}
          onSaved={() => {
            setEditing(undefined);
            void message.success('已保存');
            endpoints.reload();
          }}
        />
      </Panel>
      {logOf && <DeliveriesPanel endpoint={logOf} />}
    </>
  );
}

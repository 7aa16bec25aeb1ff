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
import { apiLabels } from './labels';
import { useLang } from '../i18n';
import { useApiT } from './i18n';
import { StatusBadge } from '../users/StatusBadge';

/** The webhook endpoints of one client, and the delivery log of the one picked. */
export function WebhooksPanel(props: {
  client: ApiClient;
  onSecret: (title: string, secret: string) => void;
}) {
  const { message } = App.useApp();
  const tr = useApiT();
  const { EVENT_LABELS } = apiLabels(useLang());
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
    if (!answer.data)
      return void message.error(
        tr('urlProblem', { url: e.url, problem: problemText(answer.error) }),
      );
    if ('secret' in answer.data)
      props.onSecret(tr('newSigningSecret'), (answer.data as { secret: string }).secret);
    else void message.success(tr('savedShort'));
    if (what === 'delete' && logOf?.id === e.id) setLogOf(undefined);
    endpoints.reload();
  };

  return (
    <>
      <Panel
        title={tr('webhooksOf', { name: client.name })}
        loading={endpoints.loading}
        error={endpoints.error}
        onRetry={endpoints.reload}
        extra={
          !client.revokedAt && (
            <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {tr('addWebhook')}
            </Button>
          )
        }
      >
        <Table<Endpoint>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={endpoints.data?.items ?? []}
          locale={{ emptyText: tr('noWebhooks') }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: tr('receiverUrl'),
              dataIndex: 'url',
              render: (url: string, e) => (
                <>
                  <Typography.Text code>{url}</Typography.Text>
                  {e.description && <div style={{ fontSize: 12 }}>{e.description}</div>}
                </>
              ),
            },
            {
              title: tr('events'),
              dataIndex: 'eventTypes',
              render: (types: string[]) =>
                types.map((t) => (
                  <Tag key={t} title={t} style={{ marginBottom: 2 }}>
                    {EVENT_LABELS[t] ?? t}
                  </Tag>
                )),
            },
            {
              title: tr('status'),
              key: 'status',
              width: 140,
              render: (_, e) =>
                e.active ? (
                  <StatusBadge tone="success" text={tr('active')} />
                ) : (
                  <>
                    <StatusBadge tone="warning" text={tr('disabled')} />
                    {e.disabledReason && <div style={{ fontSize: 12 }}>{e.disabledReason}</div>}
                  </>
                ),
            },
            {
              title: tr('createdAt'),
              dataIndex: 'createdAt',
              width: 130,
              render: (at: string) => beijing(at),
            },
            {
              title: tr('actions'),
              key: 'op',
              width: 260,
              render: (_, e) => (
                <Space size={0} wrap>
                  <Button type="link" size="small" onClick={() => setLogOf(e)}>
                    {tr('deliveryLog')}
                  </Button>
                  <Button type="link" size="small" onClick={() => setEditing(e)}>
                    {tr('edit')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => void act(e, e.active ? 'disable' : 'enable')}
                  >
                    {e.active ? tr('disable') : tr('enable')}
                  </Button>
                  <Popconfirm
                    title={tr('rotateSecretQ')}
                    description={tr('rotateSecretNote')}
                    okText={tr('rotate')}
                    cancelText={tr('cancel')}
                    onConfirm={() => act(e, 'rotate')}
                  >
                    <Button type="link" size="small">
                      {tr('rotateKey')}
                    </Button>
                  </Popconfirm>
                  <Popconfirm
                    title={tr('deleteWebhookQ')}
                    description={tr('deleteWebhookNote')}
                    okText={tr('delete')}
                    cancelText={tr('cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => act(e, 'delete')}
                  >
                    <Button type="link" size="small" danger>
                      {tr('delete')}
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
            props.onSecret(tr('signingSecretOf', { url: created.url }), created.secret);
            endpoints.reload();
          }}
          onSaved={() => {
            setEditing(undefined);
            void message.success(tr('savedShort'));
            endpoints.reload();
          }}
        />
      </Panel>
      {logOf && <DeliveriesPanel endpoint={logOf} />}
    </>
  );
}

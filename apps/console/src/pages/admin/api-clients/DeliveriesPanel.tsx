import { useState } from 'react';
import { App, Button, Select, Space, Table, Typography } from 'antd';
import { api, type Answer, problemText } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { Panel } from '../../../components/Panel';
import { beijing } from '../../../i18n/locale';
import type { Endpoint } from './EndpointFormModal';
import { apiLabels } from './labels';
import { useLang } from '../i18n';
import { useApiT } from './i18n';
import { StatusBadge } from '../users/StatusBadge';

type Delivery = Answer<'/api/v1/webhooks/endpoints/{id}/deliveries', 'get'>['items'][number];
type Status = Delivery['status'];
const PAGE = 20;
const TIME = 'MM-DD HH:mm:ss';

/** An endpoint's delivery log, newest first: status, attempts, last error, times; replay one. */
export function DeliveriesPanel({ endpoint }: { endpoint: Endpoint }) {
  const { message } = App.useApp();
  const tr = useApiT();
  const { DELIVERY_STATUS, EVENT_LABELS } = apiLabels(useLang());
  const [status, setStatus] = useState<Status>();
  const [page, setPage] = useState(1);
  const log = useLoad(
    () =>
      api.GET('/api/v1/webhooks/endpoints/{id}/deliveries', {
        params: {
          path: { id: endpoint.id },
          query: { limit: PAGE, offset: (page - 1) * PAGE, ...(status ? { status } : {}) },
        },
      }),
    [endpoint.id, status, page],
  );

  const replay = async (d: Delivery) => {
    const { data, error } = await api.POST('/api/v1/webhooks/deliveries/{id}/replay', {
      params: { path: { id: d.id } },
    });
    if (data) void message.success(tr('requeued'));
    else void message.error(tr('replayFailed', { problem: problemText(error) }));
    log.reload();
  };

  return (
    <Panel
      title={tr('deliveriesOf', { url: endpoint.url })}
      loading={log.loading}
      error={log.error}
      onRetry={log.reload}
      extra={
        <Space>
          <Select<Status>
            aria-label={tr('filterDelivery')}
            placeholder={tr('allStatuses')}
            allowClear
            value={status}
            onChange={(s) => {
              setStatus(s);
              setPage(1);
            }}
            options={Object.entries(DELIVERY_STATUS).map(([value, s]) => ({
              value: value as Status,
              label: s.label,
            }))}
            style={{ width: 160 }}
          />
          <Button onClick={log.reload}>{tr('refresh')}</Button>
        </Space>
      }
    >
      <Table<Delivery>
        rowKey="id"
        size="small"
        dataSource={log.data?.items ?? []}
        locale={{ emptyText: tr('noDeliveries') }}
        scroll={{ x: 1200 }}
        pagination={{
          current: page,
          pageSize: PAGE,
          total: log.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => tr('deliveriesTotal', { n }),
          onChange: setPage,
        }}
        expandable={{ expandedRowRender: (d) => <Attempts id={d.id} /> }}
        columns={[
          {
            title: tr('events'),
            dataIndex: 'eventType',
            render: (t: string) => `${EVENT_LABELS[t] ?? ''} ${t}`,
          },
          {
            title: tr('status'),
            dataIndex: 'status',
            width: 130,
            render: (s: Status) => (
              <StatusBadge tone={DELIVERY_STATUS[s].tone} text={DELIVERY_STATUS[s].label} />
            ),
          },
          { title: tr('attempts'), dataIndex: 'attempts', width: 80 },
          {
            title: tr('lastResponse'),
            key: 'last',
            width: 110,
            render: (_, d) =>
              d.lastStatusCode === null
                ? '—'
                : `HTTP ${d.lastStatusCode}，${d.lastLatencyMs ?? '—'} ms`,
          },
          {
            title: tr('lastError'),
            dataIndex: 'lastError',
            width: 180,
            render: (e: string | null) =>
              e ? <Typography.Text type="danger">{e}</Typography.Text> : '—',
          },
          {
            title: tr('producedAt'),
            dataIndex: 'createdAt',
            width: 110,
            render: (t: string) => beijing(t, TIME),
          },
          {
            title: tr('lastAttempt'),
            dataIndex: 'lastAttemptAt',
            width: 110,
            render: (t: string | null) => beijing(t, TIME),
          },
          {
            title: tr('nextRetry'),
            dataIndex: 'nextAttemptAt',
            width: 110,
            render: (t: string | null) => beijing(t, TIME),
          },
          {
            title: tr('deliveredAt'),
            dataIndex: 'deliveredAt',
            width: 110,
            render: (t: string | null) => beijing(t, TIME),
          },
          {
            title: tr('actions'),
            key: 'op',
            width: 70,
            render: (_, d) => (
              <Button type="link" size="small" onClick={() => void replay(d)}>
                {tr('replay')}
              </Button>
            ),
          },
        ]}
      />
    </Panel>
  );
}

/** Every attempt of one delivery, fetched when its row is opened. */
function Attempts({ id }: { id: string }) {
  const one = useLoad(
    () => api.GET('/api/v1/webhooks/deliveries/{id}', { params: { path: { id } } }),
    [id],
  );
  const tr = useApiT();
  if (one.error) return <Typography.Text type="danger">{problemText(one.error)}</Typography.Text>;
  return (
    <Table
      rowKey="at"
      size="small"
      loading={one.loading}
      pagination={false}
      dataSource={one.data?.attemptLog ?? []}
      locale={{ emptyText: tr('notTried') }}
      columns={[
        {
          title: tr('attemptAt'),
          dataIndex: 'at',
          render: (t: string) => beijing(t, 'YYYY-MM-DD HH:mm:ss'),
        },
        {
          title: tr('httpStatus'),
          dataIndex: 'statusCode',
          render: (s: number | null) => s ?? tr('noResponse'),
        },
        { title: tr('latency'), dataIndex: 'latencyMs' },
        { title: tr('error'), dataIndex: 'error', render: (e: string | null) => e ?? '—' },
      ]}
    />
  );
}

import { useState } from 'react';
import { App, Button, Select, Space, Table, Typography } from 'antd';
import { api, type Answer, problemText } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { Panel } from '../../../components/Panel';
import { beijing } from '../../../i18n/locale';
import type { Endpoint } from './EndpointFormModal';
import { DELIVERY_STATUS, EVENT_LABELS } from './labels';
import { StatusBadge } from '../users/StatusBadge';

type Delivery = Answer<'/api/v1/webhooks/endpoints/{id}/deliveries', 'get'>['items'][number];
type Status = Delivery['status'];
const PAGE = 20;
const TIME = 'MM-DD HH:mm:ss';

/** An endpoint's delivery log, newest first: status, attempts, last error, times; replay one. */
export function DeliveriesPanel({ endpoint }: { endpoint: Endpoint }) {
  const { message } = App.useApp();
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
    if (data) void message.success('已重新排队发送（同一 webhook-id）');
    else void message.error(`重放失败：${problemText(error)}`);
    log.reload();
  };

  return (
    <Panel
      title={`投递记录：${endpoint.url}`}
      loading={log.loading}
      error={log.error}
      onRetry={log.reload}
      extra={
        <Space>
          <Select<Status>
            aria-label="按投递状态筛选"
            placeholder="全部状态"
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
          <Button onClick={log.reload}>刷新</Button>
        </Space>
      }
    >
      <Table<Delivery>
        rowKey="id"
        size="small"
        dataSource={log.data?.items ?? []}
        locale={{ emptyText: '还没有投递' }}
        scroll={{ x: 1200 }}
        pagination={{
          current: page,
          pageSize: PAGE,
          total: log.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => `共 ${n} 次投递`,
          onChange: setPage,
        }}
        expandable={{ expandedRowRender: (d) => <Attempts id={d.id} /> }}
        columns={[
          {
            title: '事件',
            dataIndex: 'eventType',
            render: (t: string) => `${EVENT_LABELS[t] ?? ''} ${t}`,
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 130,
            render: (s: Status) => (
              <StatusBadge tone={DELIVERY_STATUS[s].tone} text={DELIVERY_STATUS[s].label} />
            ),
          },
          { title: '尝试次数', dataIndex: 'attempts', width: 80 },
          {
            title: '最近应答',
            key: 'last',
            width: 110,
            render: (_, d) =>
              d.lastStatusCode === null
                ? '—'
                : `HTTP ${d.lastStatusCode}，${d.lastLatencyMs ?? '—'} ms`,
          },
          {
            title: '最后错误',
            dataIndex: 'lastError',
            width: 180,
            render: (e: string | null) =>
              e ? <Typography.Text type="danger">{e}</Typography.Text> : '—',
          },
          {
            title: '产生',
            dataIndex: 'createdAt',
            width: 110,
            render: (t: string) => beijing(t, TIME),
          },
          {
            title: '最近尝试',
            dataIndex: 'lastAttemptAt',
            width: 110,
            render: (t: string | null) => beijing(t, TIME),
          },
          {
            title: '下次重试',
            dataIndex: 'nextAttemptAt',
            width: 110,
            render: (t: string | null) => beijing(t, TIME),
          },
          {
            title: '送达',
            dataIndex: 'deliveredAt',
            width: 110,
            render: (t: string | null) => beijing(t, TIME),
          },
          {
            title: '操作',
            key: 'op',
            width: 70,
            render: (_, d) => (
              <Button type="link" size="small" onClick={() => void replay(d)}>
                重放
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
  if (one.error) return <Typography.Text type="danger">{problemText(one.error)}</Typography.Text>;
  return (
    <Table
      rowKey="at"
      size="small"
      loading={one.loading}
      pagination={false}
      dataSource={one.data?.attemptLog ?? []}
      locale={{ emptyText: '尚未尝试' }}
      columns={[
        {
          title: '尝试时间',
          dataIndex: 'at',
          render: (t: string) => beijing(t, 'YYYY-MM-DD HH:mm:ss'),
        },
        {
          title: 'HTTP 状态',
          dataIndex: 'statusCode',
          render: (s: number | null) => s ?? '无应答',
        },
        { title: '耗时 (ms)', dataIndex: 'latencyMs' },
        { title: '错误', dataIndex: 'error', render: (e: string | null) => e ?? '—' },
      ]}
    />
  );
}

import { useState } from 'react';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { Panel } from '../../components/Panel';
import { beijing } from '../../i18n/locale';
import {
  DIRECTION,
  GREEN_CHANNEL,
  OPEN_STATUSES,
  type ReferralRow,
  type ReferralStatus,
  STATUS,
  TONE,
  URGENCY,
} from './labels';
import { PatientName } from './PatientName';
import { ReferralActions } from './ReferralActions';
import { ReferralDetailView } from './ReferralDetailView';
import type { Institution } from './use-directory';
import { usePoll } from './use-poll';

const PAGE = 20;
export const isGreenOpen = (r: ReferralRow) => !!r.greenChannel && OPEN_STATUSES.includes(r.status);

/** Green channel still open first, the rest in the API's order (the inbox: waiting first). */
function greenFirst(rows: ReferralRow[]): ReferralRow[] {
  return [...rows.filter(isGreenOpen), ...rows.filter((r) => !isGreenOpen(r))];
}

export function UrgencyTags({ r }: { r: ReferralRow }) {
  return (
    <Space size={2} wrap>
      {r.greenChannel && (
        <Tag color={TONE.red} data-testid="green-tag">
          绿色通道·{GREEN_CHANNEL[r.greenChannel] ?? r.greenChannel}
        </Tag>
      )}
      {!r.greenChannel && URGENCY[r.urgency] && (
        <Tag color={URGENCY[r.urgency].color}>{URGENCY[r.urgency].label}</Tag>
      )}
      {r.outOfCatalog && <Tag color={TONE.orange}>目录外</Tag>}
    </Space>
  );
}

/**
 * One list of referrals (received, sent, or the whole community for an administrator), live:
 * it refreshes every 10 s. A row opens to the referral in full; its actions are those the API
 * allows this institution in the referral's status.
 */
export function ReferralTable(props: {
  role: 'received' | 'sent' | 'any';
  title: string;
  institutions: { list: Institution[]; nameOf: (id: string) => string };
}) {
  const [status, setStatus] = useState<ReferralStatus>();
  const [page, setPage] = useState(1);
  const list = useLoad(
    () =>
      api.GET('/api/v1/referrals', {
        params: { query: { role: props.role, status, limit: PAGE, offset: (page - 1) * PAGE } },
      }),
    [props.role, status, page],
  );
  usePoll(list.reload);
  const { nameOf } = props.institutions;
  const other = (r: ReferralRow) =>
    props.role === 'received' ? nameOf(r.fromInstitutionId) : nameOf(r.toInstitutionId);

  return (
    <Panel
      title={props.title}
      error={list.error}
      onRetry={list.reload}
      extra={
        <Space>
          <Select
            aria-label="按状态筛选"
            allowClear
            placeholder="全部状态"
            style={{ width: 130 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))}
          />
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label="刷新">
            刷新
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        每 10 秒自动刷新；绿色通道转诊置顶并以红色标出。
      </Typography.Paragraph>
      <Table<ReferralRow>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={greenFirst(list.data?.items ?? [])}
        scroll={{ x: 980 }}
        onRow={(r) => ({
          'data-testid': isGreenOpen(r) ? 'referral-row-green' : 'referral-row',
          style: r.greenChannel ? { background: '#fff1f0' } : undefined,
        })}
        pagination={{
          current: page,
          pageSize: PAGE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        expandable={{
          expandedRowRender: (r) => (
            <ReferralDetailView id={r.id} version={r.updatedAt} onChanged={list.reload} />
          ),
        }}
        columns={[
          { title: '患者', key: 'patient', render: (_, r) => <PatientName id={r.patientId} /> },
          {
            title: '方向',
            key: 'direction',
            width: 64,
            render: (_, r) => <Tag>{DIRECTION[r.direction]}</Tag>,
          },
          {
            title:
              props.role === 'received'
                ? '转出机构'
                : props.role === 'sent'
                  ? '接收机构'
                  : '转出 → 接收',
            key: 'other',
            render: (_, r) =>
              props.role === 'any'
                ? `${nameOf(r.fromInstitutionId)} → ${nameOf(r.toInstitutionId)}`
                : other(r),
          },
          { title: '紧急程度', key: 'urgency', render: (_, r) => <UrgencyTags r={r} /> },
          {
            title: '状态',
            key: 'status',
            width: 84,
            render: (_, r) => (
              <Tag color={STATUS[r.status].color} data-testid="status-tag">
                {STATUS[r.status].label}
              </Tag>
            ),
          },
          { title: '提交时间', key: 'created', width: 140, render: (_, r) => beijing(r.createdAt) },
          {
            title: '操作',
            key: 'actions',
            render: (_, r) => (
              <ReferralActions
                referral={r}
                institutions={props.institutions.list}
                onDone={list.reload}
              />
            ),
          },
        ]}
      />
    </Panel>
  );
}

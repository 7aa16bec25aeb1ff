import { useState } from 'react';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { Panel } from '../../components/Panel';
import { serverPages } from '../../components/server-pages';
import { beijing } from '../../i18n/locale';
import { useT } from './i18n';
import { OPEN_STATUSES, type ReferralRow, type ReferralStatus, TONE, useLabels } from './labels';
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
  const t = useT();
  const { GREEN_CHANNEL, URGENCY } = useLabels();
  return (
    <Space size={2} wrap>
      {r.greenChannel && (
        <Tag color={TONE.red} data-testid="green-tag">
          {t('greenChannel')}·{GREEN_CHANNEL[r.greenChannel] ?? r.greenChannel}
        </Tag>
      )}
      {!r.greenChannel && URGENCY[r.urgency] && (
        <Tag color={URGENCY[r.urgency].color}>{URGENCY[r.urgency].label}</Tag>
      )}
      {r.outOfCatalog && <Tag color={TONE.orange}>{t('outOfCatalog')}</Tag>}
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
  const t = useT();
  const { DIRECTION, STATUS } = useLabels();
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
            aria-label={t('filterStatus')}
            allowClear
            placeholder={t('allStatuses')}
            style={{ width: 130 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))}
          />
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('refresh')}>
            {t('refresh')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('autoRefresh')}
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
        pagination={serverPages(page, PAGE, list.data?.total, setPage)}
        expandable={{
          expandedRowRender: (r) => (
            <ReferralDetailView id={r.id} version={r.updatedAt} onChanged={list.reload} />
          ),
        }}
        columns={[
          {
            title: t('colPatient'),
            key: 'patient',
            render: (_, r) => <PatientName id={r.patientId} />,
          },
          {
            title: t('colDirection'),
            key: 'direction',
            width: 64,
            render: (_, r) => <Tag>{DIRECTION[r.direction]}</Tag>,
          },
          {
            title:
              props.role === 'received'
                ? t('colFrom')
                : props.role === 'sent'
                  ? t('colTo')
                  : t('colFromTo'),
            key: 'other',
            render: (_, r) =>
              props.role === 'any'
                ? `${nameOf(r.fromInstitutionId)} → ${nameOf(r.toInstitutionId)}`
                : other(r),
          },
          { title: t('colUrgency'), key: 'urgency', render: (_, r) => <UrgencyTags r={r} /> },
          {
            title: t('colStatus'),
            key: 'status',
            width: 84,
            render: (_, r) => (
              <Tag color={STATUS[r.status].color} data-testid="status-tag">
                {STATUS[r.status].label}
              </Tag>
            ),
          },
          {
            title: t('colCreated'),
            key: 'created',
            width: 140,
            render: (_, r) => beijing(r.createdAt),
          },
          {
            title: t('colActions'),
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

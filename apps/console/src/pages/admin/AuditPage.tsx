import { useState } from 'react';
import { Card, Descriptions, Table, Tag, Tooltip, Typography } from 'antd';
import { api, type Answer } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { Panel } from '../../components/Panel';
import { beijing } from '../../i18n/locale';
import { type AuditFilter, AuditFilters } from './audit/AuditFilters';
import { auditLabels } from './audit/labels';
import { useLang, useT } from './i18n';
import { useDirectory } from './users/use-directory';
import { StatusBadge } from './users/StatusBadge';

type AuditEvent = Answer<'/api/v1/audit', 'get'>['items'][number];

/** Community admin: who did what to which record, from where, newest first. */
export default function AuditPage() {
  const directory = useDirectory();
  const t = useT();
  const { ACTION_LABELS, OUTCOME_LABELS, RESOURCE_TYPES } = auditLabels(useLang());
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState({ current: 1, size: 20 });
  const log = useLoad(
    () =>
      api.GET('/api/v1/audit', {
        params: { query: { ...filter, limit: page.size, offset: (page.current - 1) * page.size } },
      }),
    [filter, page],
  );
  const short = (id: string | null) =>
    id ? (
      <Tooltip title={id}>
        <Typography.Text code>{id.length > 13 ? `${id.slice(0, 8)}…` : id}</Typography.Text>
      </Tooltip>
    ) : (
      '—'
    );

  return (
    <>
      <Typography.Title level={2}>{t('auditTitle')}</Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <AuditFilters
          onSearch={(f) => {
            setFilter(f);
            setPage((p) => (p.current === 1 ? p : { ...p, current: 1 }));
          }}
        />
      </Card>
      <Panel title={t('auditRecords')} loading={log.loading} error={log.error} onRetry={log.reload}>
        <Table<AuditEvent>
          data-testid="audit-table"
          rowKey="id"
          size="small"
          dataSource={log.data?.items ?? []}
          scroll={{ x: 1100 }}
          pagination={{
            current: page.current,
            pageSize: page.size,
            total: log.data?.total ?? 0,
            pageSizeOptions: [20, 50, 100, 200],
            showSizeChanger: true,
            showTotal: (n) => t('totalRows', { n }),
            onChange: (current, size) =>
              // antd also calls this when nothing changed: keep the state (and skip a reload).
              setPage((p) =>
                p.current === current && p.size === size
                  ? p
                  : { current: size === p.size ? current : 1, size },
              ),
          }}
          expandable={{
            expandedRowRender: (e) => (
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('resourceId')}>{e.resourceId ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('patientId')}>{e.patientId ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('actorId')}>{e.actorId}</Descriptions.Item>
                <Descriptions.Item label={t('userAgent')}>{e.userAgent ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('correlationId')}>
                  {e.correlationId ?? '—'}
                </Descriptions.Item>
              </Descriptions>
            ),
          }}
          columns={[
            {
              title: t('timeBeijing'),
              dataIndex: 'at',
              width: 160,
              render: (at: string) => beijing(at, 'YYYY-MM-DD HH:mm:ss'),
            },
            {
              title: t('actor'),
              key: 'actor',
              width: 200,
              render: (_, e) => (
                <>
                  {e.actorKind === 'api_client' && <Tag>{t('apiTag')}</Tag>}
                  {e.actorName}
                </>
              ),
            },
            {
              title: t('institution'),
              dataIndex: 'institutionId',
              width: 150,
              render: (id: string) => directory.institutionName(id),
            },
            {
              title: t('action'),
              dataIndex: 'action',
              width: 70,
              render: (a: string) => ACTION_LABELS[a] ?? a,
            },
            {
              title: t('recordType'),
              dataIndex: 'resourceType',
              width: 130,
              render: (r: string) => RESOURCE_TYPES[r] ?? r,
            },
            { title: t('resource'), dataIndex: 'resourceId', width: 110, render: short },
            { title: t('patient'), dataIndex: 'patientId', width: 110, render: short },
            {
              title: t('outcome'),
              dataIndex: 'outcome',
              width: 80,
              render: (o: string) => (
                <StatusBadge
                  tone={o === 'ok' ? 'success' : 'error'}
                  text={OUTCOME_LABELS[o] ?? o}
                />
              ),
            },
            { title: 'IP', dataIndex: 'ip', width: 120, render: (ip: string | null) => ip ?? '—' },
          ]}
        />
      </Panel>
    </>
  );
}

import { Button, Progress, Space, Table, Tag, Typography } from 'antd';
import { useT } from '../i18n';
import type { ItemState, QueueItem } from './queue-types';

/** Solid colours with white text, readable at tag size (see shared/status.tsx). */
const STATE = {
  waiting: { label: 'stateWaiting', color: '#595959' },
  checking: { label: 'stateChecking', color: '#0958d9' },
  uploading: { label: 'stateUploading', color: '#0958d9' },
  stored: { label: 'stateStored', color: '#237804' },
  existing: { label: 'stateExisting', color: '#006d75' },
  refused: { label: 'stateRefused', color: '#a8071a' },
  rejected: { label: 'stateRejected', color: '#ad4e00' },
  failed: { label: 'stateFailed', color: '#a8071a' },
} as const satisfies Record<ItemState, { label: string; color: string }>;

const size = (bytes: number) =>
  bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

export function percentOf(item: QueueItem): number {
  if (item.state === 'stored' || item.state === 'existing') return 100;
  return item.size ? Math.min(99, Math.floor((item.loaded / item.size) * 100)) : 0;
}

/** One row per file: what it is, where it stands, its own progress bar and why it stopped. */
export function QueueTable(props: {
  items: QueueItem[];
  onRetry: (id: string) => void;
  onRemove: (id: string) => void;
}) {
  const t = useT();
  return (
    <Table<QueueItem>
      size="small"
      rowKey="id"
      dataSource={props.items}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{
        emptyText: <span style={{ color: '#595959' }}>{t('queueEmpty')}</span>,
      }}
      scroll={{ x: 900 }}
      columns={[
        {
          title: t('file'),
          key: 'file',
          render: (_, item) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{item.name}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[item.patient, item.modality, size(item.size)].filter(Boolean).join(' · ')}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t('status'),
          key: 'state',
          width: 110,
          render: (_, item) => (
            <Tag color={STATE[item.state].color} data-testid="file-state">
              {t(STATE[item.state].label)}
            </Tag>
          ),
        },
        {
          title: t('progress'),
          key: 'progress',
          width: 200,
          render: (_, item) => (
            <Progress
              percent={percentOf(item)}
              size="small"
              aria-label={t('progressAria', { name: item.name })}
              status={
                item.state === 'refused' || item.state === 'failed' || item.state === 'rejected'
                  ? 'exception'
                  : item.state === 'uploading'
                    ? 'active'
                    : undefined
              }
            />
          ),
        },
        {
          title: t('reason'),
          key: 'reason',
          render: (_, item) => (
            <Typography.Text
              type={['refused', 'rejected', 'failed'].includes(item.state) ? 'danger' : 'secondary'}
              data-testid="file-reason"
            >
              {item.reason ?? (item.attempts > 1 ? t('attempt', { n: item.attempts }) : '')}
              {item.volatile && t('volatile')}
            </Typography.Text>
          ),
        },
        {
          title: t('actions'),
          key: 'actions',
          width: 130,
          render: (_, item) => (
            <Space size="small">
              {item.state === 'failed' && (
                <Button size="small" onClick={() => props.onRetry(item.id)}>
                  {t('retry')}
                </Button>
              )}
              {!['checking', 'uploading'].includes(item.state) && (
                <Button size="small" type="link" onClick={() => props.onRemove(item.id)}>
                  {t('remove')}
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}

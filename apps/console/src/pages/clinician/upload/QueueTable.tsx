import { Button, Progress, Space, Table, Tag, Typography } from 'antd';
import type { ItemState, QueueItem } from './queue-types';

/** Solid colours with white text, readable at tag size (see shared/status.tsx). */
const STATE: Record<ItemState, { label: string; color: string }> = {
  waiting: { label: '等待上传', color: '#595959' },
  checking: { label: '核对中', color: '#0958d9' },
  uploading: { label: '上传中', color: '#0958d9' },
  stored: { label: '已存储', color: '#237804' },
  existing: { label: '已存在', color: '#006d75' },
  refused: { label: '被拒收', color: '#a8071a' },
  rejected: { label: '无法上传', color: '#ad4e00' },
  failed: { label: '上传失败', color: '#a8071a' },
};

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
  return (
    <Table<QueueItem>
      size="small"
      rowKey="id"
      dataSource={props.items}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{
        emptyText: <span style={{ color: '#595959' }}>队列为空：拖入或选择 DICOM 文件</span>,
      }}
      scroll={{ x: 900 }}
      columns={[
        {
          title: '文件',
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
          title: '状态',
          key: 'state',
          width: 110,
          render: (_, item) => (
            <Tag color={STATE[item.state].color} data-testid="file-state">
              {STATE[item.state].label}
            </Tag>
          ),
        },
        {
          title: '进度',
          key: 'progress',
          width: 200,
          render: (_, item) => (
            <Progress
              percent={percentOf(item)}
              size="small"
              aria-label={`${item.name} 上传进度`}
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
          title: '说明',
          key: 'reason',
          render: (_, item) => (
            <Typography.Text
              type={['refused', 'rejected', 'failed'].includes(item.state) ? 'danger' : 'secondary'}
              data-testid="file-reason"
            >
              {item.reason ?? (item.attempts > 1 ? `第 ${item.attempts} 次发送` : '')}
              {item.volatile && '（本机存储已满：关闭页面会丢失此文件）'}
            </Typography.Text>
          ),
        },
        {
          title: '操作',
          key: 'actions',
          width: 130,
          render: (_, item) => (
            <Space size="small">
              {item.state === 'failed' && (
                <Button size="small" onClick={() => props.onRetry(item.id)}>
                  重试
                </Button>
              )}
              {!['checking', 'uploading'].includes(item.state) && (
                <Button size="small" type="link" onClick={() => props.onRemove(item.id)}>
                  移除
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}

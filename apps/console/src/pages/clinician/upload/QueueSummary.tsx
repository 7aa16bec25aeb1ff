import { Link } from 'react-router';
import { Alert, Button, List, Progress, Space, Typography } from 'antd';
import { DONE, type QueueItem, type QueueSnapshot } from './queue-types';

/** The batch as a whole: one progress bar, counts, and the studies the files went into. */
export function QueueSummary(props: {
  snapshot: QueueSnapshot;
  onRetryAll: () => void;
  onClear: () => void;
}) {
  const { items, online, reading } = props.snapshot;
  const sendable = items.filter((i) => i.state !== 'rejected' && i.state !== 'refused');
  const total = sendable.reduce((n, i) => n + i.size, 0);
  const sent = sendable.reduce((n, i) => n + (DONE.has(i.state) ? i.size : i.loaded), 0);
  const done = sendable.filter((i) => DONE.has(i.state)).length;
  const count = (...states: QueueItem['state'][]) =>
    items.filter((i) => states.includes(i.state)).length;
  const pending = count('waiting', 'checking', 'uploading');
  const failed = count('failed');
  const refused = count('refused', 'rejected');
  const percent = total ? Math.floor((sent / total) * 100) : 0;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {!props.snapshot.persistent && (
        <Alert
          type="warning"
          showIcon
          title="此浏览器不允许在本机保存上传队列：关闭页面会丢失未上传完的文件，请等上传完成后再关闭"
        />
      )}
      {!online && pending > 0 && (
        <Alert
          type="warning"
          showIcon
          role="status"
          data-testid="upload-offline"
          title={`网络已断开：${pending} 个文件保存在本机队列中，恢复连接后自动继续上传`}
        />
      )}
      <div data-testid="overall">
        <Typography.Text>
          总进度：已存储 {done} / {sendable.length} 个文件
          {pending > 0 && `，待上传 ${pending}`}
          {failed > 0 && `，失败 ${failed}`}
          {refused > 0 && `，未能上传 ${refused}`}
          {reading > 0 && `（正在读取 ${reading} 个文件）`}
        </Typography.Text>
        <Progress
          percent={done === sendable.length && sendable.length ? 100 : Math.min(99, percent)}
          aria-label="总上传进度"
          status={pending ? 'active' : failed ? 'exception' : undefined}
        />
      </div>
      <Space wrap>
        <Button onClick={props.onRetryAll} disabled={!failed}>
          全部重试
        </Button>
        <Button
          onClick={props.onClear}
          disabled={
            !items.some((i) => DONE.has(i.state) || i.state === 'refused' || i.state === 'rejected')
          }
        >
          清除已结束的文件
        </Button>
      </Space>
      <StudiesOfQueue items={items} />
    </Space>
  );
}

/** Each study the queue stored files into, with the way on to its 申请单. */
function StudiesOfQueue({ items }: { items: QueueItem[] }) {
  const studies = new Map<
    string,
    { studyId?: string; patient?: string; files: number; done: number }
  >();
  for (const item of items) {
    if (!item.study) continue;
    const s = studies.get(item.study) ?? { files: 0, done: 0, patient: item.patient };
    s.files++;
    if (DONE.has(item.state)) s.done++;
    s.studyId ??= item.studyId;
    studies.set(item.study, s);
  }
  const rows = [...studies.entries()].filter(([, s]) => s.studyId);
  if (!rows.length) return null;
  return (
    <List
      size="small"
      header={<Typography.Text strong>已上传的检查</Typography.Text>}
      bordered
      dataSource={rows}
      renderItem={([uid, s]) => (
        <List.Item
          actions={[
            <Link key="open" to={`/studies/${s.studyId}`}>
              {s.done === s.files ? '查看并填写申请单' : '查看检查'}
            </Link>,
          ]}
        >
          <Typography.Text>
            {s.patient || '未知患者'} · {s.done}/{s.files} 个文件已存储 ·{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {uid}
            </Typography.Text>
          </Typography.Text>
        </List.Item>
      )}
    />
  );
}

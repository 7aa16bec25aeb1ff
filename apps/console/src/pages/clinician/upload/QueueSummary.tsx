import { Link } from 'react-router';
import { Alert, Button, List, Progress, Space, Typography } from 'antd';
import { useT } from '../i18n';
import { DONE, type QueueItem, type QueueSnapshot } from './queue-types';

/** The batch as a whole: one progress bar, counts, and the studies the files went into. */
export function QueueSummary(props: {
  snapshot: QueueSnapshot;
  onRetryAll: () => void;
  onClear: () => void;
}) {
  const { items, online, reading } = props.snapshot;
  const t = useT();
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
      {!props.snapshot.persistent && <Alert type="warning" showIcon title={t('notPersistent')} />}
      {!online && pending > 0 && (
        <Alert
          type="warning"
          showIcon
          role="status"
          data-testid="upload-offline"
          title={t('offline', { n: pending })}
        />
      )}
      <div data-testid="overall">
        <Typography.Text>
          {t('overall', { done, total: sendable.length })}
          {pending > 0 && t('overallPending', { n: pending })}
          {failed > 0 && t('overallFailed', { n: failed })}
          {refused > 0 && t('overallRefused', { n: refused })}
          {reading > 0 && t('overallReading', { n: reading })}
        </Typography.Text>
        <Progress
          percent={done === sendable.length && sendable.length ? 100 : Math.min(99, percent)}
          aria-label={t('overallAria')}
          status={pending ? 'active' : failed ? 'exception' : undefined}
        />
      </div>
      <Space wrap>
        <Button onClick={props.onRetryAll} disabled={!failed}>
          {t('retryAll')}
        </Button>
        <Button
          onClick={props.onClear}
          disabled={
            !items.some((i) => DONE.has(i.state) || i.state === 'refused' || i.state === 'rejected')
          }
        >
          {t('clearFinished')}
        </Button>
      </Space>
      <StudiesOfQueue items={items} />
    </Space>
  );
}

/** Each study the queue stored files into, with the way on to its 申请单. */
function StudiesOfQueue({ items }: { items: QueueItem[] }) {
  const t = useT();
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
      header={<Typography.Text strong>{t('uploadedStudies')}</Typography.Text>}
      bordered
      dataSource={rows}
      renderItem={([uid, s]) => (
        <List.Item
          actions={[
            <Link key="open" to={`/studies/${s.studyId}`}>
              {s.done === s.files ? t('openAndRequest') : t('openStudy')}
            </Link>,
          ]}
        >
          <Typography.Text>
            {s.patient || t('unknownPatient')} ·{' '}
            {t('filesStored', { done: s.done, files: s.files })} ·{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {uid}
            </Typography.Text>
          </Typography.Text>
        </List.Item>
      )}
    />
  );
}

import { App, Typography } from 'antd';
import { Panel } from '../../components/Panel';
import { useSession } from '../../session/session';
import { useT } from './i18n';
import { DropZone } from './upload/DropZone';
import { QueueSummary } from './upload/QueueSummary';
import { QueueTable } from './upload/QueueTable';
import { useUploadQueue } from './upload/useUploadQueue';

/**
 * 上传检查: many DICOM files, dropped or chosen, each read on this computer first, then sent one
 * instance at a time (three at once) with a progress bar per file and for the batch. The queue
 * survives a lost connection and a closed tab; files the server already holds are not sent again.
 */
export default function UploadPage() {
  const { actor } = useSession();
  const { message } = App.useApp();
  const t = useT();
  const { queue, snapshot } = useUploadQueue(actor.id);

  async function add(files: File[]) {
    const { added, duplicates, rejected } = await queue.add(files);
    const parts = [t('addedFiles', { n: added })];
    if (duplicates) parts.push(t('duplicateFiles', { n: duplicates }));
    if (rejected) parts.push(t('rejectedFiles', { n: rejected }));
    (rejected ? message.warning : message.success)(parts.join(t('listSep')));
  }

  return (
    <>
      <Typography.Title level={2}>{t('uploadTitle')}</Typography.Title>
      <Panel title={t('chooseFiles')}>
        <DropZone onFiles={(files) => void add(files)} />
      </Panel>
      <Panel title={t('queuePanel')} loading={!snapshot.loaded}>
        <QueueSummary
          snapshot={snapshot}
          onRetryAll={() => queue.retry()}
          onClear={() => queue.clearFinished()}
        />
        <div style={{ marginTop: 16 }}>
          <QueueTable
            items={snapshot.items}
            onRetry={(id) => queue.retry(id)}
            onRemove={(id) => queue.remove(id)}
          />
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 13 }}>
          {t('uploadNote')}
        </Typography.Paragraph>
      </Panel>
    </>
  );
}

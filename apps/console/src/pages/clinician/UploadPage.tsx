import { App, Typography } from 'antd';
import { Panel } from '../../components/Panel';
import { useSession } from '../../session/session';
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
  const { queue, snapshot } = useUploadQueue(actor.id);

  async function add(files: File[]) {
    const { added, duplicates, rejected } = await queue.add(files);
    const parts = [`已加入队列 ${added} 个文件`];
    if (duplicates) parts.push(`${duplicates} 个已在队列中（同一 SOP Instance UID），已跳过`);
    if (rejected) parts.push(`${rejected} 个无法上传（见下表原因）`);
    (rejected ? message.warning : message.success)(parts.join('；'));
  }

  return (
    <>
      <Typography.Title level={2}>上传检查</Typography.Title>
      <Panel title="选择 DICOM 文件">
        <DropZone onFiles={(files) => void add(files)} />
      </Panel>
      <Panel title="上传队列" loading={!snapshot.loaded}>
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
          上传在本页进行：离开或关闭本页会暂停，再次打开本页时从中断处继续；服务器已有的影像按 SOP
          Instance UID 识别，不会重复发送。
        </Typography.Paragraph>
      </Panel>
    </>
  );
}

import { type DragEvent, useRef, useState } from 'react';
import { Button, Space, Typography } from 'antd';
import { FolderOpenOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { filesOfDrop } from './folder';

/**
 * Where files come in: dropped (files or whole folders, as a CD's DICOM folder usually is), or
 * chosen with the two buttons, which the keyboard reaches. The inputs themselves are hidden but
 * labelled, so tests and assistive technology can still find them.
 */
export function DropZone({ onFiles }: { onFiles: (files: File[]) => void }) {
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const t = useT();

  async function dropped(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setOver(false);
    const files = await filesOfDrop(e.dataTransfer);
    if (files.length) onFiles(files);
  }

  function picked(input: HTMLInputElement | null) {
    if (!input?.files?.length) return;
    onFiles([...input.files]);
    input.value = ''; // the same files may be chosen again later
  }

  return (
    <div
      data-testid="drop-zone"
      aria-label={t('dropAria')}
      role="region"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => void dropped(e)}
      style={{
        border: `2px dashed ${over ? '#1266c2' : '#b8c4d2'}`,
        background: over ? '#e8f1fb' : '#fafcff',
        borderRadius: 8,
        padding: '24px 16px',
        textAlign: 'center',
      }}
    >
      <InboxOutlined style={{ fontSize: 40, color: '#1266c2' }} aria-hidden />
      <Typography.Paragraph style={{ margin: '8px 0' }}>{t('dropHere')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('dropNote')}
      </Typography.Paragraph>
      <Space>
        <Button
          type="primary"
          icon={<UploadOutlined />}
          onClick={() => filesInput.current?.click()}
        >
          {t('pickFiles')}
        </Button>
        <Button icon={<FolderOpenOutlined />} onClick={() => folderInput.current?.click()}>
          {t('pickFolder')}
        </Button>
      </Space>
      <input
        ref={filesInput}
        type="file"
        multiple
        hidden
        aria-label={t('pickFilesAria')}
        data-testid="file-input"
        onChange={(e) => picked(e.currentTarget)}
      />
      <input
        ref={folderInput}
        type="file"
        hidden
        aria-label={t('pickFolderAria')}
        data-testid="folder-input"
        // A whole folder (a CD's DICOM directory); React does not know the attribute by name.
        {...{ webkitdirectory: '', directory: '' }}
        onChange={(e) => picked(e.currentTarget)}
      />
    </div>
  );
}

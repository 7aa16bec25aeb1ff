import { useState } from 'react';
import { Alert, Button, Input, Modal, Space, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useApiT } from './i18n';

/**
 * A key or signing secret the server returns once and stores only as a hash (or encrypted): it is
 * shown here, with a copy button, and never again. Closing needs a deliberate click.
 */
export function SecretOnceModal(props: {
  secret?: { title: string; value: string; note?: string };
  onClose: () => void;
}) {
  const [copied, setCopied] = useState(false);
  const t = useApiT();
  const value = props.secret?.value ?? '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // No clipboard permission (e.g. plain http): the text is selected for Ctrl+C instead.
      (document.getElementById('secret-once-value') as HTMLInputElement | null)?.select();
    }
  };
  return (
    <Modal
      open={props.secret !== undefined}
      title={props.secret?.title}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      afterOpenChange={(open) => !open && setCopied(false)}
      footer={
        <Button type="primary" onClick={props.onClose}>
          {t('savedClose')}
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        title={t('onlyOnce')}
        description={t('onlyOnceNote')}
        style={{ marginBottom: 16 }}
      />
      <label htmlFor="secret-once-value">
        <Typography.Text strong>{props.secret?.note ?? t('secret')}</Typography.Text>
      </label>
      <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <Input
          id="secret-once-value"
          data-testid="secret-once"
          readOnly
          value={value}
          style={{ fontFamily: 'monospace' }}
          onFocus={(e) => e.target.select()}
        />
        <Button icon={<CopyOutlined />} onClick={() => void copy()}>
          {copied ? t('copied') : t('copy')}
        </Button>
      </Space.Compact>
    </Modal>
  );
}

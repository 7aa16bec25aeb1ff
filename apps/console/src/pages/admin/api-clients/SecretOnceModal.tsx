import { useState } from 'react';
import { Alert, Button, Input, Modal, Space, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';

/**
 * A key or signing secret the server returns once and stores only as a hash (or encrypted): it is
 * shown here, with a copy button, and never again. Closing needs a deliberate click.
 */
export function SecretOnceModal(props: {
  secret?: { title: string; value: string; note?: string };
  onClose: () => void;
}) {
  const [copied, setCopied] = useState(false);
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
          我已妥善保存，关闭
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        title="只显示这一次"
        description="平台只保存它的摘要，关闭后无法再次查看。请立即复制并交给对接方安全保存；遗失只能轮换生成新的。"
        style={{ marginBottom: 16 }}
      />
      <label htmlFor="secret-once-value">
        <Typography.Text strong>{props.secret?.note ?? '密钥'}</Typography.Text>
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
          {copied ? '已复制' : '复制'}
        </Button>
      </Space.Compact>
    </Modal>
  );
}

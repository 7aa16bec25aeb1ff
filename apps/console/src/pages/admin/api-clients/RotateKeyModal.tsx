import { useEffect, useState } from 'react';
import { Alert, Form, Modal, Select, Typography } from 'antd';
import { api, problemText } from '../../../api/client';
import type { ApiClient, CreatedClient } from './ClientFormModal';
import { GRACE_OPTIONS } from './labels';

/** A new key for a client; the old one keeps working for the grace period the admin picks. */
export function RotateKeyModal(props: {
  client?: ApiClient;
  onClose: () => void;
  onRotated: (rotated: CreatedClient) => void;
}) {
  const [grace, setGrace] = useState(86400);
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setGrace(86400);
    setProblem(undefined);
  }, [props.client]);

  const rotate = async () => {
    if (!props.client) return;
    setSaving(true);
    const { data, error } = await api.POST('/api/v1/api-clients/{id}/rotate', {
      params: { path: { id: props.client.id } },
      body: { graceSeconds: grace },
    });
    setSaving(false);
    if (data) props.onRotated(data);
    else setProblem(problemText(error));
  };

  return (
    <Modal
      open={props.client !== undefined}
      title={`轮换密钥：${props.client?.name ?? ''}`}
      okText="生成新密钥"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => void rotate()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {problem && (
        <Alert type="error" showIcon role="alert" title={problem} style={{ marginBottom: 16 }} />
      )}
      <Typography.Paragraph>
        生成一把新密钥（只显示一次）。在下面选择的过渡期内，旧密钥仍然有效，便于对接方更换配置而不中断；
        过渡期结束后旧密钥被拒绝。怀疑密钥泄露时请选择“立即失效”。
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label="旧密钥过渡期" htmlFor="rotate-grace">
          <Select id="rotate-grace" value={grace} onChange={setGrace} options={GRACE_OPTIONS} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { useEffect, useState } from 'react';
import { Form, Modal, Select, Typography } from 'antd';
import { api, problemText } from '../../../api/client';
import type { ApiClient, CreatedClient } from './ClientFormModal';
import { apiLabels } from './labels';
import { useLang } from '../i18n';
import { useApiT } from './i18n';
import { ProblemAlert } from '../../../components/ProblemAlert';

/** A new key for a client; the old one keeps working for the grace period the admin picks. */
export function RotateKeyModal(props: {
  client?: ApiClient;
  onClose: () => void;
  onRotated: (rotated: CreatedClient) => void;
}) {
  const [grace, setGrace] = useState(86400);
  const t = useApiT();
  const { GRACE_OPTIONS } = apiLabels(useLang());
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
      title={t('rotateTitle', { name: props.client?.name ?? '' })}
      okText={t('generateKey')}
      cancelText={t('cancel')}
      confirmLoading={saving}
      onOk={() => void rotate()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <ProblemAlert problem={problem} style={{ marginBottom: 16 }} />
      <Typography.Paragraph>{t('rotateText')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('graceLabel')} htmlFor="rotate-grace">
          <Select id="rotate-grace" value={grace} onChange={setGrace} options={GRACE_OPTIONS} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

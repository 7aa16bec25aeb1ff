import { useState } from 'react';
import { Typography } from 'antd';
import { type ApiClient } from './api-clients/ClientFormModal';
import { ClientsPanel } from './api-clients/ClientsPanel';
import { SecretOnceModal } from './api-clients/SecretOnceModal';
import { WebhooksPanel } from './api-clients/WebhooksPanel';
import { useDirectory } from './users/use-directory';

/**
 * Community admin: the integration engines that call the platform (keys shown once, rotated with
 * a grace period, revoked for good) and the webhooks they are sent, with the delivery log.
 */
export default function ApiClientsPage() {
  const directory = useDirectory();
  const [selected, setSelected] = useState<ApiClient>();
  const [secret, setSecret] = useState<{ title: string; value: string; note: string }>();
  return (
    <>
      <Typography.Title level={2}>接口客户端与 Webhook</Typography.Title>
      <ClientsPanel
        directory={directory}
        selected={selected}
        onSelect={setSelected}
        onKey={(title, value) => setSecret({ title, value, note: 'API 密钥（请求头 X-API-Key）' })}
      />
      {selected && (
        <WebhooksPanel
          key={selected.id}
          client={selected}
          onSecret={(title, value) =>
            setSecret({
              title,
              value,
              note: 'Webhook 签名密钥（whsec_…，用于校验 webhook-signature）',
            })
          }
        />
      )}
      <SecretOnceModal secret={secret} onClose={() => setSecret(undefined)} />
    </>
  );
}

import { useState } from 'react';
import { Typography } from 'antd';
import { type ApiClient } from './api-clients/ClientFormModal';
import { ClientsPanel } from './api-clients/ClientsPanel';
import { SecretOnceModal } from './api-clients/SecretOnceModal';
import { WebhooksPanel } from './api-clients/WebhooksPanel';
import { useDirectory } from './users/use-directory';
import { useT } from './i18n';

/**
 * Community admin: the integration engines that call the platform (keys shown once, rotated with
 * a grace period, revoked for good) and the webhooks they are sent, with the delivery log.
 */
export default function ApiClientsPage() {
  const directory = useDirectory();
  const t = useT();
  const [selected, setSelected] = useState<ApiClient>();
  const [secret, setSecret] = useState<{ title: string; value: string; note: string }>();
  return (
    <>
      <Typography.Title level={2}>{t('apiClientsTitle')}</Typography.Title>
      <ClientsPanel
        directory={directory}
        selected={selected}
        onSelect={setSelected}
        onKey={(title, value) => setSecret({ title, value, note: t('apiKeyNote') })}
      />
      {selected && (
        <WebhooksPanel
          key={selected.id}
          client={selected}
          onSecret={(title, value) =>
            setSecret({
              title,
              value,
              note: t('webhookSecretNote'),
            })
          }
        />
      )}
      <SecretOnceModal secret={secret} onClose={() => setSecret(undefined)} />
    </>
  );
}

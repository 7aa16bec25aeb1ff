import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Typography } from 'antd';
import { ProblemAlert } from '../components/ProblemAlert';
import { api, problemText } from '../api/client';
import { useLocale } from '../i18n/locale';
import type { ConsoleSession } from './session';

interface Props {
  onSignedIn: (session: ConsoleSession) => Promise<void> | void;
  /** Shown over the page after the session expired (the page keeps its state). */
  overlay?: boolean;
  username?: string;
}

export function SignInForm({ onSignedIn, overlay }: Props) {
  const { t, toggle } = useLocale();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    const {
      data,
      error: problem,
      response,
    } = await api.POST('/api/v1/auth/session', {
      body: values,
    });
    setBusy(false);
    if (data) return onSignedIn(data);
    setError(response.status === 401 ? t('wrongPassword') : problemText(problem));
  }

  const form = (
    <Form
      name={overlay ? 'resignin' : 'signin'}
      layout="vertical"
      onFinish={submit}
      aria-label={t('signInTitle')}
      requiredMark={false}
    >
      {overlay && (
        <Alert type="warning" showIcon title={t('sessionExpired')} style={{ marginBottom: 16 }} />
      )}
      <ProblemAlert problem={error} style={{ marginBottom: 16 }} />
      <Form.Item label={t('username')} name="username" rules={[{ required: true }]}>
        <Input autoComplete="username" autoFocus />
      </Form.Item>
      <Form.Item label={t('password')} name="password" rules={[{ required: true }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy}>
        {t('signIn')}
      </Button>
    </Form>
  );

  if (overlay)
    return (
      <Modal open closable={false} footer={null} title={t('signInTitle')} maskClosable={false}>
        {form}
      </Modal>
    );
  return (
    <main
      style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f4f8' }}
    >
      <Card style={{ width: 380 }}>
        <Typography.Title level={1} style={{ fontSize: 22, textAlign: 'center' }}>
          {t('appTitle')}
        </Typography.Title>
        {form}
        <Button onClick={toggle} style={{ marginTop: 12 }}>
          {t('language')}
        </Button>
      </Card>
    </main>
  );
}
